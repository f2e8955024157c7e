package dev.spotplay.exec;

import dev.spotplay.plan.Address;
import dev.spotplay.plan.Plan;
import dev.spotplay.planner.Planner;
import dev.spotplay.provider.NodeName;
import dev.spotplay.transport.Connector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Carries out a plan: the node changes first ({@link Provisioning}: terminations, shared
 * resources, launches with their intent recorded first), then setup: the groups in
 * {@code after} order (independent groups at once), the nodes of a group in parallel (at most
 * {@code parallel} at a time), each node's steps in order over one connection.
 */
public final class Walker {
    private final Session session;
    private final Connector connector;
    private final Progress progress;
    private final int parallel;

    public Walker(Session session, Connector connector, Progress progress, int parallel) {
        this.session = session;
        this.connector = connector;
        this.progress = progress;
        this.parallel = Math.max(1, parallel);
    }

    public ApplyReport apply(Planner.Result planned, String applyId) {
        long start = System.currentTimeMillis();
        Plan plan = planned.plan();
        Map<String, NodeOutcome> outcomes = new ConcurrentHashMap<>();
        Provisioning provisioning = new Provisioning(session, progress);
        provisioning.terminate(plan);
        provisioning.prepare(plan);
        Set<String> launched = provisioning.launch(plan, applyId, outcomes);
        provisioning.acceptShortfall(planned, outcomes);
        Map<String, List<Address.Step>> work = new LinkedHashMap<>();
        for (Address.Step s : plan.steps()) {
            work.computeIfAbsent(s.node().name(), k -> new ArrayList<>()).add(s);
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "spotplay-node");
            t.setDaemon(true);
            return t;
        });
        try {
            NodeRun nodeRun = new NodeRun(session, connector, progress, applyId, planned.members());
            Map<String, CompletableFuture<Boolean>> done = new LinkedHashMap<>();
            for (String group : planned.graph().groupOrder()) {
                List<CompletableFuture<Boolean>> deps = planned.graph().waitsFor(group).stream().map(done::get).toList();
                CompletableFuture<Boolean> groupDone = CompletableFuture.allOf(deps.toArray(CompletableFuture[]::new))
                        .thenCompose(v -> {
                            List<String> failedDeps = planned.graph().waitsFor(group).stream()
                                    .filter(d -> !done.get(d).join()).toList();
                            List<String> nodes = planned.members().get(group).stream()
                                    .filter(n -> launched.contains(n) || work.containsKey(n))
                                    .filter(n -> !outcomes.containsKey(n)).toList();
                            if (!failedDeps.isEmpty()) {
                                skip(group, nodes, failedDeps, outcomes);
                                return CompletableFuture.completedFuture(false);
                            }
                            return runGroup(group, nodes, work, launched, nodeRun, pool, outcomes)
                                    .thenApply(ok -> ok || acceptedShort(provisioning, planned, group, outcomes));
                        });
                done.put(group, groupDone);
            }
            CompletableFuture.allOf(done.values().toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }
        provisioning.acceptShortfall(planned, outcomes);
        List<NodeOutcome> report = new ArrayList<>(outcomes.values());
        report.sort(java.util.Comparator.comparing(NodeOutcome::node, NodeName.ORDER));
        return new ApplyReport(applyId, report, System.currentTimeMillis() - start);
    }

    private CompletableFuture<Boolean> runGroup(String group, List<String> nodes, Map<String, List<Address.Step>> work,
                                                Set<String> launched, NodeRun nodeRun, ExecutorService pool,
                                                Map<String, NodeOutcome> outcomes) {
        if (nodes.isEmpty()) {
            boolean ok = session.playbook().group(group).isEmpty()
                    || planned(group, outcomes).stream().noneMatch(NodeOutcome::isFailure);
            return CompletableFuture.completedFuture(ok);
        }
        int steps = nodes.stream().mapToInt(n -> work.getOrDefault(n, List.of()).size()).sum();
        progress.line(group + ": setting up " + nodes.size() + (nodes.size() == 1 ? " node" : " nodes")
                + " (" + steps + (steps == 1 ? " step run" : " step runs") + ")");
        GroupProgress gp = new GroupProgress(group, nodes.size(), steps, progress);
        List<CompletableFuture<NodeOutcome>> futures = new ArrayList<>();
        for (String node : nodes) {
            futures.add(CompletableFuture.supplyAsync(() -> {
                NodeOutcome o = nodeRun.run(node, work.getOrDefault(node, List.of()), launched.contains(node), gp);
                outcomes.put(node, o);
                gp.nodeDone(o);
                return o;
            }, pool));
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).thenApply(v -> {
            gp.finish();
            return planned(group, outcomes).stream().noneMatch(NodeOutcome::isFailure);
        });
    }

    /**
     * A group whose only failures are nodes that never came up, with at least min_count up,
     * succeeded: groups that wait for it go on.
     */
    private static boolean acceptedShort(Provisioning provisioning, Planner.Result planned, String group,
                                         Map<String, NodeOutcome> outcomes) {
        provisioning.acceptShortfall(planned, outcomes);
        return planned(group, outcomes).stream().noneMatch(NodeOutcome::isFailure);
    }

    private static List<NodeOutcome> planned(String group, Map<String, NodeOutcome> outcomes) {
        return outcomes.values().stream().filter(o -> o.group().equals(group)).toList();
    }

    private void skip(String group, List<String> nodes, List<String> failedDeps, Map<String, NodeOutcome> outcomes) {
        String why = "not set up: it waits for " + String.join(", ", failedDeps) + ", which failed";
        progress.line(group + ": " + why);
        for (String n : nodes) {
            outcomes.put(n, new NodeOutcome(n, group, NodeOutcome.State.SKIPPED, 0, 0, null, why, "", 0));
        }
    }
}
