package dev.spotplay.exec;

import dev.spotplay.plan.Action;
import dev.spotplay.plan.Change;
import dev.spotplay.plan.Kind;
import dev.spotplay.plan.Plan;
import dev.spotplay.playbook.Group;
import dev.spotplay.planner.Planner;
import dev.spotplay.provider.LaunchRequest;
import dev.spotplay.provider.NodeName;
import dev.spotplay.provider.NodeProvider;
import dev.spotplay.provider.ObservedNode;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.state.StateStore;
import dev.spotplay.transport.Connector;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Carries out a plan: terminations, then launches (intent recorded first), then setup: the
 * groups in {@code after} order (independent groups at once), the nodes of a group in parallel
 * (at most {@code parallel} at a time), each node's steps in order over one connection.
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
        terminate(plan);
        prepare(plan);
        Set<String> launched = launch(plan, applyId, outcomes);
        acceptShortfall(planned, outcomes);
        Map<String, List<Change>> work = new LinkedHashMap<>();
        for (Change c : plan.stepChanges()) {
            work.computeIfAbsent(c.node(), k -> new ArrayList<>()).add(c);
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
                            return runGroup(group, nodes, work, launched, nodeRun, pool, outcomes);
                        });
                done.put(group, groupDone);
            }
            CompletableFuture.allOf(done.values().toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }
        acceptShortfall(planned, outcomes);
        List<NodeOutcome> report = new ArrayList<>(outcomes.values());
        report.sort((a, b) -> NodeName.parse(a.node()).compareTo(NodeName.parse(b.node())));
        return new ApplyReport(applyId, report, System.currentTimeMillis() - start);
    }

    private CompletableFuture<Boolean> runGroup(String group, List<String> nodes, Map<String, List<Change>> work,
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

    /**
     * A group that launched fewer nodes than asked but at least {@code min_count} succeeded: its
     * missing nodes are reported as short, not failed, and stay recorded gone, so the next apply
     * tries them again.
     */
    private void acceptShortfall(Planner.Result planned, Map<String, NodeOutcome> outcomes) {
        for (Group g : session.playbook().groups()) {
            List<String> members = planned.members().getOrDefault(g.name(), List.of());
            long down = members.stream().filter(n -> outcomes.containsKey(n) && outcomes.get(n).state() == NodeOutcome.State.DOWN).count();
            long missing = members.stream().filter(n -> outcomes.containsKey(n) && (outcomes.get(n).state() == NodeOutcome.State.DOWN
                    || outcomes.get(n).state() == NodeOutcome.State.SHORT)).count();
            if (down == 0 || members.size() - missing < g.minCount()) {
                continue;
            }
            for (String n : members) {
                NodeOutcome o = outcomes.get(n);
                if (o != null && o.state() == NodeOutcome.State.DOWN) {
                    outcomes.put(n, new NodeOutcome(n, o.group(), NodeOutcome.State.SHORT, 0, 0, null,
                            o.message() + " (accepted: " + (members.size() - missing) + " of " + members.size()
                                    + " up, min_count " + g.minCount() + ")", "", o.millis()));
                }
            }
            progress.line(g.name() + ": " + (members.size() - missing) + "/" + members.size() + " nodes up, at least min_count "
                    + g.minCount() + ": accepted; the next apply tries the missing ones again");
        }
    }

    /** Creates what the cluster needs beside its nodes (key pair, security group, storage) before anything launches. */
    private void prepare(Plan plan) {
        boolean needed = plan.changes().stream().anyMatch(c -> (c.kind() != Kind.NODE && c.kind() != Kind.STEP)
                || (c.kind() == Kind.NODE && (c.action() == Action.CREATE || c.action() == Action.REPLACE)));
        if (!needed) {
            return;
        }
        try {
            session.provider().prepare();
        } catch (IOException e) {
            throw new dev.spotplay.diag.UserError("Preparing the cluster's shared resources failed: " + e.getMessage()
                    + "\nNothing was launched; run apply again to retry.", e);
        }
        session.refreshFacts();
    }

    /** Terminates deleted nodes, duplicates and the remains of replaced ones; state is updated before and after. */
    private void terminate(Plan plan) {
        StateStore state = session.state();
        List<NodeRecord> going = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (Change c : plan.nodeChanges()) {
            if (c.action() == Action.DELETE && c.target() != null) {
                // A duplicate: a machine state never held; its name's recorded machine stays.
                going.add(new NodeRecord(c.node(), c.group(), NodeName.parse(c.node()).index(), c.target(), null, 0, null,
                        NodeStatus.TERMINATING, c.reason(), null, null, Instant.now()));
                deleted.add(c.node() + " [" + c.target() + "]");
                continue;
            }
            if (c.action() == Action.DELETE || c.action() == Action.REPLACE) {
                state.node(c.node()).ifPresent(r -> {
                    if (c.action() == Action.DELETE) {
                        state.saveNode(r.withStatus(NodeStatus.TERMINATING, c.reason()));
                        deleted.add(r.name());
                    }
                    going.add(r);
                });
            }
        }
        if (going.isEmpty()) {
            return;
        }
        if (!deleted.isEmpty()) {
            progress.line("Terminating " + deleted.size() + (deleted.size() == 1 ? " node: " : " nodes: ")
                    + dev.spotplay.plan.NodeRanges.format(deleted));
        }
        try {
            session.provider().terminate(going);
        } catch (IOException e) {
            throw new dev.spotplay.diag.UserError("Terminating nodes failed: " + e.getMessage()
                    + "\nThey are still recorded; run apply or destroy again to retry.", e);
        }
        for (Change c : plan.nodeChanges()) {
            if (c.action() == Action.DELETE && c.target() == null) {
                state.deleteNode(c.node());
            }
        }
    }

    /** Launches created and replaced nodes, group by group; returns the names that came up. */
    private Set<String> launch(Plan plan, String applyId, Map<String, NodeOutcome> outcomes) {
        StateStore state = session.state();
        Map<String, List<NodeName>> byGroup = new LinkedHashMap<>();
        for (Change c : plan.nodeChanges()) {
            if (c.action() == Action.CREATE || c.action() == Action.REPLACE) {
                byGroup.computeIfAbsent(c.group(), k -> new ArrayList<>()).add(NodeName.parse(c.node()));
            }
        }
        Set<String> up = Collections.synchronizedSet(new TreeSet<>());
        for (var entry : byGroup.entrySet()) {
            Group group = session.playbook().group(entry.getKey()).orElseThrow();
            List<NodeName> names = entry.getValue();
            for (NodeName n : names) {
                // The intent comes first: if we die during the call, the next run finds the node by name.
                state.saveNode(new NodeRecord(n.toString(), group.name(), n.index(), null, null, 0, null,
                        NodeStatus.LAUNCHING, "launch requested", null, applyId + "/" + n, Instant.now()));
                state.resetRuns(n.toString());
            }
            progress.line(group.name() + ": launching " + dev.spotplay.plan.NodeRanges.format(names.stream().map(NodeName::toString).toList()));
            long t0 = System.currentTimeMillis();
            try {
                session.provider().launch(new LaunchRequest(group, names, applyId), new NodeProvider.LaunchSink() {
                    @Override
                    public void launching(List<NodeName> batch, String token) {
                        // The token the provider is about to send is in state before the call.
                        for (NodeName n : batch) {
                            state.node(n.toString()).ifPresent(r -> state.saveNode(new NodeRecord(r.name(), r.group(), r.index(),
                                    r.providerId(), r.host(), r.port(), r.privateIp(), r.status(), r.statusReason(), r.hostKey(),
                                    token, r.createdAt())));
                        }
                    }

                    @Override
                    public void launched(NodeName name, ObservedNode node) {
                        String token = state.node(name.toString()).map(NodeRecord::launchToken).orElse(applyId + "/" + name);
                        state.saveNode(new NodeRecord(name.toString(), group.name(), name.index(), node.providerId(), node.host(),
                                node.port(), node.privateIp(), NodeStatus.RUNNING, null, null, token, Instant.now()));
                        up.add(name.toString());
                    }

                    @Override
                    public void failed(NodeName name, String reason) {
                        state.node(name.toString()).ifPresent(r -> state.saveNode(r.withStatus(NodeStatus.GONE, "launch failed: " + reason)));
                        outcomes.put(name.toString(), new NodeOutcome(name.toString(), group.name(), NodeOutcome.State.DOWN, 0, 0,
                                null, "launch failed: " + reason, "", 0));
                    }
                });
            } catch (IOException e) {
                for (NodeName n : names) {
                    if (!up.contains(n.toString())) {
                        outcomes.putIfAbsent(n.toString(), new NodeOutcome(n.toString(), group.name(), NodeOutcome.State.DOWN, 0, 0,
                                null, "launch failed: " + e.getMessage(), "", 0));
                    }
                }
            }
            long count = names.stream().filter(n -> up.contains(n.toString())).count();
            progress.line(String.format(java.util.Locale.ROOT, "%s: %d/%d launched (%.1fs)", group.name(), count, names.size(),
                    (System.currentTimeMillis() - t0) / 1000.0));
        }
        return up;
    }
}
