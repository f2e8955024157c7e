package dev.spotplay.exec;

import dev.spotplay.exec.GraphWalk.Result;
import dev.spotplay.module.StepResult;
import dev.spotplay.plan.Address;
import dev.spotplay.plan.Change;
import dev.spotplay.plan.Plan;
import dev.spotplay.planner.Planner;
import dev.spotplay.planner.Waves;
import dev.spotplay.planner.WorkGraph;
import dev.spotplay.planner.WorkGraph.GroupDone;
import dev.spotplay.planner.WorkGraph.Launch;
import dev.spotplay.planner.WorkGraph.NodeUp;
import dev.spotplay.planner.WorkGraph.Prepare;
import dev.spotplay.planner.WorkGraph.StepOn;
import dev.spotplay.planner.WorkGraph.Vertex;
import dev.spotplay.playbook.SshConfig;
import dev.spotplay.provider.NodeName;
import dev.spotplay.transport.Connector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Carries out a plan by walking the planner's {@link WorkGraph}, and only it: terminations
 * first ({@link Provisioning}: duplicates, deleted and replaced nodes), then the graph's
 * vertices, each as soon as what it waits for is done: the shared resources, the launches (one
 * provider call per group, one at a time, each node's vertex done the moment the provider
 * reports it), each node's coming up and its planned steps over its one connection, and the
 * barriers of groups others wait for. A failure is reported once, at its cause; what waited for
 * it is skipped, and a group short of nodes but at {@code min_count} lets its waiters go on.
 *
 * <p>The threads are the walk's ({@link GraphWalk}): {@code parallel} for nodes, one for the
 * launches, and the bounded pool the connector pumps its streams with; every vertex that runs on a node has a timeout (its own limits plus a margin), so a
 * wedged node cannot hold the apply.
 */
public final class Walker {
    /** Beyond a vertex's own limits (connect wait, step timeouts), before the walk gives up on it. */
    static final Duration MARGIN = Duration.ofSeconds(60);

    private final Session session;
    private final Function<Executor, Connector> connectors;
    private final Progress progress;
    private final int parallel;

    /** @param connectors makes the connector for a walk, given the walk's bounded pool for its stream pumps */
    public Walker(Session session, Function<Executor, Connector> connectors, Progress progress, int parallel) {
        this.session = session;
        this.connectors = connectors;
        this.progress = progress;
        this.parallel = Math.max(1, parallel);
    }

    public ApplyReport apply(Planner.Result planned, String applyId) {
        long start = System.currentTimeMillis();
        Map<String, NodeOutcome> outcomes = new ConcurrentHashMap<>();
        Provisioning provisioning = new Provisioning(session, progress);
        session.settle();
        // Running machines replaced in waves are not part of the first walk: each wave is a walk
        // of its own, after it, and the machines it replaces go only once it is set up.
        var pb = session.playbook();
        List<Waves.Wave> waves = Waves.of(pb, planned.plan(), session.state()::node, session.provider().overlapsMachines());
        Set<String> rolling = Waves.nodes(waves);
        Planner.Result first = rolling.isEmpty() ? planned
                : Waves.part(pb, planned, c -> c.address() instanceof Address.Duplicate || !rolling.contains(Waves.nodeOf(c)));
        provisioning.terminate(first.plan());
        provisioning.update(first.plan());
        walk(first, applyId, provisioning, outcomes);
        Set<String> failed = new java.util.TreeSet<>();
        for (Waves.Wave w : waves) {
            if (failed.contains(w.group())) {
                for (String n : w.nodes()) {
                    outcomes.put(n, new NodeOutcome(n, w.group(), NodeOutcome.State.SKIPPED, 0, 0, null, "not replaced: an earlier"
                            + " wave of " + w.group() + " failed; its machine stays as it was", "", 0));
                }
                continue;
            }
            Map<String, dev.spotplay.state.NodeRecord> old = provisioning.beginWave(w);
            Planner.Result part = Waves.part(pb, planned, c -> !(c.address() instanceof Address.Duplicate) && w.nodes().contains(Waves.nodeOf(c)));
            try {
                walk(part, applyId, provisioning, outcomes);
            } finally {
                if (!provisioning.endWave(w, old, outcomes)) {
                    failed.add(w.group());
                }
            }
        }
        provisioning.acceptShortfall(planned, outcomes);
        List<NodeOutcome> report = new ArrayList<>(outcomes.values());
        report.sort(Comparator.comparing(NodeOutcome::node, NodeName.ORDER));
        return new ApplyReport(applyId, report, System.currentTimeMillis() - start);
    }

    /** Walks one part of the plan's graph; an error that must stop the apply is thrown once the walk is over. */
    private void walk(Planner.Result planned, String applyId, Provisioning provisioning, Map<String, NodeOutcome> outcomes) {
        WorkGraph graph = planned.graph();
        Run run;
        // The node jobs, and one thread for the provider's launch calls.
        try (GraphWalk<Vertex> walk = new GraphWalk<>(parallel + 1)) {
            run = new Run(planned, applyId, provisioning, outcomes, walk);
            walk.walk(graph.order(), graph::upstream, run);
        }
        if (run.fatal != null) {
            throw run.fatal;
        }
    }

    /** One walk of the graph: what each vertex does, and what its end means for the report. */
    private final class Run implements GraphWalk.Work<Vertex> {
        private final Planner.Result planned;
        private final Plan plan;
        private final String applyId;
        private final Provisioning provisioning;
        private final Map<String, NodeOutcome> outcomes;
        private final GraphWalk<Vertex> walk;
        private final NodeRun nodeRun;
        private final Map<String, Launch> launches = new LinkedHashMap<>();
        private final Map<String, List<StepOn>> steps = new LinkedHashMap<>();
        private final Map<String, Vertex> lastOfNode = new LinkedHashMap<>();
        /** Each node's own group (its up vertex's): a node in several groups is counted, and shown, in that one. */
        private final Map<String, String> groupOf = new LinkedHashMap<>();
        private final Map<String, AtomicInteger> unfinished = new ConcurrentHashMap<>();
        private final Map<String, GroupProgress> groups = new ConcurrentHashMap<>();
        private final Set<String> skipReported = ConcurrentHashMap.newKeySet();
        private final Map<String, NodeJob> jobs = new ConcurrentHashMap<>();
        private final Map<Address, Change> stepChanges = new LinkedHashMap<>();
        private Map<String, CompletableFuture<Result<Vertex>>> launched;
        private volatile RuntimeException fatal;

        Run(Planner.Result planned, String applyId, Provisioning provisioning, Map<String, NodeOutcome> outcomes,
            GraphWalk<Vertex> walk) {
            this.planned = planned;
            this.plan = planned.plan();
            this.applyId = applyId;
            this.provisioning = provisioning;
            this.outcomes = outcomes;
            this.walk = walk;
            this.nodeRun = new NodeRun(session, connectors.apply(walk.io()), progress, applyId, planned.members());
            plan.stepChanges().forEach(c -> stepChanges.put(c.address(), c));
            for (Vertex v : planned.graph().order()) {
                if (v instanceof Launch l) {
                    launches.put(l.node(), l);
                } else if (v instanceof NodeUp u) {
                    lastOfNode.put(u.node(), u);
                    groupOf.put(u.node(), u.group());
                    unfinished.computeIfAbsent(u.group(), g -> new AtomicInteger()).incrementAndGet();
                } else if (v instanceof StepOn s) {
                    steps.computeIfAbsent(s.node(), n -> new ArrayList<>()).add(s);
                    lastOfNode.put(s.node(), s);
                }
            }
        }

        @Override
        public CompletionStage<Result<Vertex>> start(Vertex v, Map<Vertex, Result<Vertex>> upstream) {
            if (v instanceof Launch l) {
                return launched().get(l.node());
            } else if (v instanceof NodeUp u) {
                return startNode(u);
            } else if (v instanceof StepOn s) {
                return jobs.get(s.node()).step(s.index());
            } else if (v instanceof GroupDone d) {
                return CompletableFuture.completedFuture(barrier(d, upstream));
            }
            return CompletableFuture.supplyAsync(() -> guarded(v, () -> provisioning.prepare(plan)), walk.pool());
        }

        /** Runs {@code action}; an error that must stop the apply (a UserError from the provider) fails the vertex and is rethrown after the walk. */
        private Result<Vertex> guarded(Vertex v, Runnable action) {
            try {
                action.run();
                return Result.success();
            } catch (RuntimeException e) {
                fatal = e;
                return GraphWalk.failed(v, e.getMessage());
            }
        }

        /** The first launch vertex starts the provider calls for all of them; each completes when its node is reported. */
        private synchronized Map<String, CompletableFuture<Result<Vertex>>> launched() {
            if (launched == null) {
                launched = new LinkedHashMap<>();
                launches.keySet().forEach(n -> launched.put(n, new CompletableFuture<>()));
                walk.pool().execute(() -> {
                    guarded(new Prepare(), () -> provisioning.launch(plan, applyId, outcomes, (node, up) -> {
                        CompletableFuture<Result<Vertex>> f = launched.get(node);
                        if (f != null) {
                            f.complete(up ? Result.success() : GraphWalk.failed(launches.get(node), outcomes.get(node).message()));
                        }
                    }));
                    launched.forEach((n, f) -> f.complete(GraphWalk.failed(launches.get(n), "launch did not finish")));
                });
            }
            return launched;
        }

        private CompletionStage<Result<Vertex>> startNode(NodeUp u) {
            List<StepOn> mine = steps.getOrDefault(u.node(), List.of());
            GroupProgress gp = groups.computeIfAbsent(u.group(), g -> new GroupProgress(g,
                    unfinished.get(g).get(), (int) steps.values().stream().flatMap(List::stream).filter(s -> g.equals(groupOf.get(s.node()))).count(),
                    progress));
            NodeJob job = new NodeJob(u, mine, gp);
            jobs.put(u.node(), job);
            List<Change> work = mine.stream()
                    .map(s -> stepChanges.get(new Address.Step(new Address.Node(s.group(), s.node()), s.step(), s.index()))).toList();
            walk.pool().execute(() -> {
                // The node's limit counts from now, when a thread takes it up: a node queued behind
                // --parallel others is not out of time before it has begun.
                Duration limit = upLimit();
                job.up.completeOnTimeout(GraphWalk.failed(u, "did not come up within " + dev.spotplay.diag.Durations.format(limit)),
                        limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                NodeOutcome o;
                try {
                    o = nodeRun.run(u.node(), work, launches.containsKey(u.node()), gp, job);
                } catch (RuntimeException e) {
                    o = new NodeOutcome(u.node(), u.group(), NodeOutcome.State.FAILED, 0, 0, null,
                            e.getClass().getSimpleName() + ": " + e.getMessage(), "", 0);
                }
                job.finish(o);
            });
            return job.up;
        }

        /**
         * A group others wait for is done: it failed if one of its nodes did, unless the only
         * failures are nodes that never came up and at least min_count did; skipped if it
         * waited itself for a group that failed.
         */
        private Result<Vertex> barrier(GroupDone d, Map<Vertex, Result<Vertex>> upstream) {
            for (Result<Vertex> r : upstream.values()) {
                if (!r.ok() && r.cause() instanceof GroupDone) {
                    return new Result<>(Result.Status.SKIPPED, r.cause(), r.message());
                }
            }
            provisioning.acceptShortfall(planned, outcomes);
            Set<String> members = Set.copyOf(planned.members().getOrDefault(d.group(), List.of()));
            boolean ok = outcomes.values().stream().filter(o -> members.contains(o.node())).noneMatch(NodeOutcome::isFailure);
            return ok ? Result.success() : GraphWalk.failed(d, d.group() + " failed");
        }

        @Override
        public boolean joins(Vertex v) {
            return v instanceof GroupDone;
        }

        @Override
        public Duration timeout(Vertex v) {
            SshConfig ssh = session.playbook().ssh();
            if (v instanceof NodeUp) {
                return null; // counted from when its job starts ({@link #startNode}), not from when it is queued
            }
            if (v instanceof StepOn s) {
                // A step's result may come with its whole batch: bound it by all of the node's steps.
                Duration all = Duration.ZERO;
                for (StepOn o : steps.get(s.node())) {
                    var step = session.playbook().steps().get(o.index());
                    all = all.plus(step.timeout() != null ? step.timeout() : ssh.stepTimeout());
                }
                return all.plus(MARGIN);
            }
            return null;
        }

        /** How long a node's job may take to come up once it runs: its connect wait and a margin. */
        private Duration upLimit() {
            SshConfig ssh = session.playbook().ssh();
            return max(ssh.startTimeout(), ssh.connectTimeout().multipliedBy(ConnectWait.TRIES)).plus(MARGIN);
        }

        private static Duration max(Duration a, Duration b) {
            return a.compareTo(b) >= 0 ? a : b;
        }

        @Override
        public void ended(Vertex v, Result<Vertex> r) {
            String node;
            String group;
            if (v instanceof NodeUp u) {
                node = u.node();
                group = u.group();
            } else if (v instanceof StepOn s) {
                node = s.node();
                group = groupOf.getOrDefault(s.node(), s.group());
            } else {
                return;
            }
            if (r.status() == Result.Status.SKIPPED && r.cause() instanceof GroupDone d && !outcomes.containsKey(node)) {
                String why = "not set up: it waits for " + String.join(", ", planned.graph().after(group)) + ", which failed"
                        + (planned.graph().after(group).contains(d.group()) ? "" : " (because " + d.group() + " failed)");
                outcomes.putIfAbsent(node, new NodeOutcome(node, group, NodeOutcome.State.SKIPPED, 0, 0, null, why, "", 0));
                if (skipReported.add(group)) {
                    progress.line(group + ": " + why);
                }
            } else if (r.status() == Result.Status.FAILED && !outcomes.containsKey(node)) {
                // The walk gave up on it (its timeout): the node's own report never came.
                NodeOutcome o = new NodeOutcome(node, group, NodeOutcome.State.FAILED, 0, 0,
                        v instanceof StepOn s ? s.step() : null, r.message(), "", 0);
                if (outcomes.putIfAbsent(node, o) == null && groups.get(group) != null) {
                    groups.get(group).nodeDone(o);
                }
            }
            if ((lastOfNode.get(node).equals(v) || !r.ok()) && unfinished.get(group).decrementAndGet() == 0
                    && groups.get(group) != null) {
                groups.get(group).finish();
            }
        }

        /**
         * One node's run as the graph sees it: its up vertex, then one per planned step. Its
         * outcome is recorded before the vertex that ends the node completes, so a barrier
         * that follows sees it.
         */
        private final class NodeJob implements NodeRun.Events {
            final CompletableFuture<Result<Vertex>> up = new CompletableFuture<>();
            private final NodeUp vertex;
            private final GroupProgress gp;
            private final Map<Integer, CompletableFuture<Result<Vertex>>> done = new ConcurrentHashMap<>();
            private final Map<Integer, Result<Vertex>> held = new ConcurrentHashMap<>();
            private final int lastIndex;
            private volatile boolean answered;

            NodeJob(NodeUp vertex, List<StepOn> steps, GroupProgress gp) {
                this.vertex = vertex;
                this.gp = gp;
                steps.forEach(s -> done.put(s.index(), new CompletableFuture<>()));
                this.lastIndex = steps.isEmpty() ? -1 : steps.get(steps.size() - 1).index();
            }

            CompletableFuture<Result<Vertex>> step(int index) {
                return done.get(index);
            }

            @Override
            public void up() {
                answered = true;
                if (lastIndex >= 0) {
                    up.complete(Result.success());
                }
            }

            @Override
            public void step(int index, StepResult result) {
                Result<Vertex> r = result.isFailed() ? GraphWalk.failed(null, result.message()) : Result.success();
                if (result.isFailed() || index == lastIndex) {
                    held.put(index, r);
                } else {
                    done.get(index).complete(r);
                }
            }

            void finish(NodeOutcome o) {
                if (outcomes.putIfAbsent(vertex.node(), o) == null) {
                    gp.nodeDone(o);
                }
                up.complete(answered ? Result.success() : GraphWalk.failed(null, o.message()));
                held.forEach((i, r) -> done.get(i).complete(r));
                done.values().forEach(f -> f.complete(GraphWalk.failed(null, "not run: " + o.message())));
            }
        }
    }
}
