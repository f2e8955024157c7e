package dev.spotplay.exec;

import dev.spotplay.plan.Action;
import dev.spotplay.plan.Address;
import dev.spotplay.plan.Change;
import dev.spotplay.plan.Plan;
import dev.spotplay.plan.Reason;
import dev.spotplay.playbook.Group;
import dev.spotplay.planner.Planner;
import dev.spotplay.provider.LaunchRequest;
import dev.spotplay.provider.NodeName;
import dev.spotplay.provider.NodeProvider;
import dev.spotplay.provider.ObservedNode;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.state.StateStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The node changes of a plan, against the provider, with state written before and after each:
 * terminations (duplicates by their own id), the provider's shared resources, then launches,
 * group by group, one provider call at a time, each name recorded as an intent (and then with
 * the provider's idempotency token) before the provider is asked; each node is reported the
 * moment the provider reports it, so its setup can start while the rest of its batch boots. A group short of nodes but at or above its
 * {@code min_count} is accepted.
 */
final class Provisioning {
    private final Session session;
    private final Progress progress;
    /** The nodes of the wave under way: their old machines run, so a failed launch of theirs is no missing node. */
    private final Set<String> waving = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Provisioning(Session session, Progress progress) {
        this.session = session;
        this.progress = progress;
    }

    /**
     * A group that launched fewer nodes than asked but at least {@code min_count} succeeded: its
     * missing nodes are reported as short, not failed, and stay recorded gone, so the next apply
     * tries them again.
     */
    synchronized void acceptShortfall(Planner.Result planned, Map<String, NodeOutcome> outcomes) {
        for (Group g : session.playbook().groups()) {
            List<String> members = planned.members().getOrDefault(g.name(), List.of());
            long down = members.stream().filter(n -> !waving.contains(n) && outcomes.containsKey(n) && outcomes.get(n).state() == NodeOutcome.State.DOWN).count();
            long missing = members.stream().filter(n -> !waving.contains(n) && outcomes.containsKey(n) && (outcomes.get(n).state() == NodeOutcome.State.DOWN
                    || outcomes.get(n).state() == NodeOutcome.State.SHORT)).count();
            int minimum = g.minimumUp(members.size());
            if (down == 0 || members.size() - missing < minimum) {
                continue;
            }
            for (String n : members) {
                NodeOutcome o = outcomes.get(n);
                if (o != null && o.state() == NodeOutcome.State.DOWN && !waving.contains(n)) {
                    outcomes.put(n, new NodeOutcome(n, o.group(), NodeOutcome.State.SHORT, 0, 0, null,
                            o.message() + " (accepted: " + (members.size() - missing) + " of " + members.size()
                                    + " up, min_count " + minimum + ")", "", o.millis()));
                }
            }
            progress.line(g.name() + ": " + (members.size() - missing) + "/" + members.size() + " nodes up, at least min_count "
                    + minimum + ": accepted; the next apply tries the missing ones again");
        }
    }

    /** Creates what the cluster needs beside its nodes (key pair, security group, storage) before anything launches. */
    void prepare(Plan plan) {
        boolean needed = plan.changes().stream().anyMatch(c -> c.address() instanceof Address.Resource
                || (c.address() instanceof Address.Node && (c.action() == Action.CREATE || c.action() == Action.REPLACE)));
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
    void terminate(Plan plan) {
        StateStore state = session.state();
        List<NodeRecord> going = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (Change c : plan.nodeChanges()) {
            if (c.action() == Action.DELETE && c.address() instanceof Address.Duplicate d) {
                going.add(duplicateMachine(d, c.reason()));
                deleted.add(d.node().name() + " [" + d.providerId() + "]");
            } else if ((c.action() == Action.DELETE || c.action() == Action.REPLACE) && c.address() instanceof Address.Node n) {
                state.node(n.name()).ifPresent(r -> {
                    if (c.action() == Action.DELETE) {
                        state.saveNode(r.withStatus(NodeStatus.TERMINATING, c.reason().text()));
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
            if (c.action() == Action.DELETE && c.address() instanceof Address.Node n) {
                state.deleteNode(n.name());
            }
        }
    }

    /**
     * Changes in place what the plan updates (a node's updatable launch settings, such as its
     * tags), then records the node's new settings; a crash in between is planned again.
     */
    void update(Plan plan) {
        StateStore state = session.state();
        List<String> updated = new ArrayList<>();
        for (Change c : plan.nodeChanges()) {
            if (c.action() != Action.UPDATE || !(c.address() instanceof Address.Node n)) {
                continue;
            }
            NodeRecord r = state.node(n.name()).orElseThrow(() -> new IllegalStateException(n.name() + " not in state"));
            Map<String, String> settings = session.provider().launchSettings(session.playbook().group(n.group()).orElseThrow());
            try {
                session.provider().update(r, settings);
            } catch (IOException e) {
                throw new dev.spotplay.diag.UserError("Updating " + n.name() + " in place failed: " + e.getMessage()
                        + "\nIts settings are recorded as they were; run apply again to retry.", e);
            }
            // Only what was updated changes in the record; what was chosen at launch (an instance type of a list) stays.
            Map<String, String> recorded = new java.util.TreeMap<>(r.launch());
            session.provider().updatableSettings().forEach(k -> {
                if (settings.containsKey(k)) {
                    recorded.put(k, settings.get(k));
                }
            });
            state.saveNode(r.toBuilder().launch(recorded).build());
            updated.add(n.name());
        }
        if (!updated.isEmpty()) {
            progress.line("Updated in place: " + dev.spotplay.plan.NodeRanges.format(updated));
        }
    }

    /**
     * Before a wave's launches: each node's running machine is recorded as the one its name keeps
     * until the replacement is set up ({@link dev.spotplay.state.Replacing}), before its record
     * becomes the replacement's launch intent. Returns those records, by name.
     */
    Map<String, NodeRecord> beginWave(dev.spotplay.planner.Waves.Wave wave) {
        StateStore state = session.state();
        Map<String, NodeRecord> old = new LinkedHashMap<>();
        for (String n : wave.nodes()) {
            NodeRecord r = state.node(n).orElseThrow(() -> new IllegalStateException(n + " not in state"));
            dev.spotplay.state.Replacing.put(state, r);
            old.put(n, r);
            waving.add(n);
        }
        progress.line(wave.group() + ": replacing " + dev.spotplay.plan.NodeRanges.format(wave.nodes()) + " (wave " + wave.number()
                + " of " + wave.of() + "; the old machines run until the new ones are set up)");
        return old;
    }

    /**
     * After a wave's walk: the machines replaced by nodes that came up and were set up are
     * terminated by their own ids; a node whose replacement failed (launch, SSH or a step) gets
     * its old machine back (the replacement, if any, terminated), so the group keeps what it
     * had, and its outcome says so. Returns whether every node of the wave was replaced.
     */
    boolean endWave(dev.spotplay.planner.Waves.Wave wave, Map<String, NodeRecord> old, Map<String, NodeOutcome> outcomes) {
        StateStore state = session.state();
        waving.removeAll(wave.nodes());
        List<NodeRecord> retire = new ArrayList<>();
        List<String> back = new ArrayList<>();
        for (String n : wave.nodes()) {
            NodeOutcome o = outcomes.get(n);
            NodeRecord was = old.get(n);
            NodeRecord now = state.node(n).orElse(null);
            if (o != null && o.state() == NodeOutcome.State.OK && now != null && now.providerId() != null
                    && !now.providerId().equals(was.providerId())) {
                retire.add(was.withStatus(NodeStatus.TERMINATING, "replaced by " + now.providerId()));
            } else {
                back.add(n);
            }
        }
        for (String n : back) {
            NodeRecord was = old.get(n);
            NodeRecord now = state.node(n).orElse(null);
            String kept = ": its machine " + was.providerId() + " stays as it was";
            if (now != null && now.providerId() != null && !now.providerId().equals(was.providerId()) && now.status() != NodeStatus.GONE) {
                try {
                    session.provider().terminate(List.of(now.withStatus(NodeStatus.TERMINATING, "replacement failed")));
                } catch (IOException e) {
                    kept += " (terminating its replacement " + now.providerId() + " failed: " + e.getMessage()
                            + "; the next apply terminates it)";
                }
            }
            // Its runs were the replacement's: the old machine's steps are checked again by the next apply.
            state.saveNode(was);
            state.resetRuns(n);
            dev.spotplay.state.Replacing.remove(state, n);
            // Not down, not short: the node has its machine, just not the new one. It fails the apply, and is not
            // counted as missing against min_count.
            NodeOutcome o = outcomes.get(n);
            String why = o == null || o.message() == null ? "not set up" : o.message();
            outcomes.put(n, new NodeOutcome(n, wave.group(), NodeOutcome.State.FAILED, o == null ? 0 : o.changed(),
                    o == null ? 0 : o.unchanged(), o == null ? null : o.failedStep(), "not replaced (" + why + ")" + kept,
                    o == null ? "" : o.outputTail(), o == null ? 0 : o.millis()));
        }
        if (!retire.isEmpty()) {
            try {
                session.provider().terminate(retire);
            } catch (IOException e) {
                throw new dev.spotplay.diag.UserError("Terminating the machines wave " + wave.number() + " of " + wave.group()
                        + " replaced failed: " + e.getMessage() + "\nThe next apply terminates them.", e);
            }
            retire.forEach(r -> dev.spotplay.state.Replacing.remove(state, r.name()));
            progress.line(wave.group() + ": wave " + wave.number() + " of " + wave.of() + " done: "
                    + dev.spotplay.plan.NodeRanges.format(retire.stream().map(NodeRecord::name).toList())
                    + " replaced, their old machines terminated");
        }
        return back.isEmpty();
    }

    /** A machine state never held, under a name whose recorded machine stays: terminated by its own id, never recorded. */
    static NodeRecord duplicateMachine(Address.Duplicate d, Reason reason) {
        return NodeRecord.builder(d.node().name()).group(d.node().group()).index(NodeName.parse(d.node().name()).index())
                .providerId(d.providerId()).status(NodeStatus.TERMINATING, reason.text()).createdAt(Instant.now()).build();
    }

    /** Hears of each node the launches settle, as soon as the provider reports it. */
    interface Launched {
        /** {@code up}: the node runs (recorded running); otherwise its launch failed (recorded gone, its outcome down). */
        void settled(String node, boolean up);
    }

    /**
     * Launches created and replaced nodes, group by group, one provider call at a time; each node
     * is reported to {@code launched} the moment the provider reports it (or when its group's call
     * ends without a word about it, as failed). Returns the names that came up.
     */
    Set<String> launch(Plan plan, String applyId, Map<String, NodeOutcome> outcomes, Launched launched) {
        StateStore state = session.state();
        Map<String, List<NodeName>> byGroup = new LinkedHashMap<>();
        for (Change c : plan.nodeChanges()) {
            if ((c.action() == Action.CREATE || c.action() == Action.REPLACE) && c.address() instanceof Address.Node n) {
                byGroup.computeIfAbsent(n.group(), k -> new ArrayList<>()).add(NodeName.parse(n.name()));
            }
        }
        Set<String> up = Collections.synchronizedSet(new TreeSet<>());
        for (var entry : byGroup.entrySet()) {
            Group group = session.playbook().group(entry.getKey()).orElseThrow();
            List<NodeName> names = entry.getValue();
            Map<String, String> settings = session.provider().launchSettings(group);
            for (NodeName n : names) {
                // The intent comes first: if we die during the call, the next run finds the node by name.
                state.saveNode(NodeRecord.builder(n.toString()).group(group.name()).index(n.index())
                        .status(NodeStatus.LAUNCHING, "launch requested").launchToken(applyId + "/" + n).createdAt(Instant.now())
                        .launch(settings).build());
                state.resetRuns(n.toString());
            }
            progress.line(group.name() + ": launching " + dev.spotplay.plan.NodeRanges.format(names.stream().map(NodeName::toString).toList()));
            long t0 = System.currentTimeMillis();
            try {
                session.provider().launch(new LaunchRequest(group, names, applyId, state.lineage().map(java.util.UUID::toString).orElse(null)), new NodeProvider.LaunchSink() {
                    @Override
                    public void launching(List<NodeName> batch, String token) {
                        // The token the provider is about to send is in state before the call.
                        for (NodeName n : batch) {
                            state.node(n.toString()).ifPresent(r -> state.saveNode(r.withLaunchToken(token)));
                        }
                    }

                    @Override
                    public void launched(NodeName name, ObservedNode node) {
                        launched(name, node, Map.of());
                    }

                    @Override
                    public void launched(NodeName name, ObservedNode node, Map<String, String> chosen) {
                        String token = state.node(name.toString()).map(NodeRecord::launchToken).orElse(applyId + "/" + name);
                        Map<String, String> recorded = new java.util.TreeMap<>(settings);
                        recorded.putAll(chosen);
                        state.saveNode(NodeRecord.builder(name.toString()).group(group.name()).index(name.index())
                                .providerId(node.providerId()).endpoint(node.host(), node.port()).privateIp(node.privateIp())
                                .status(NodeStatus.RUNNING, null).launchToken(token).createdAt(Instant.now()).launch(recorded).build());
                        up.add(name.toString());
                        launched.settled(name.toString(), true);
                    }

                    @Override
                    public void failed(NodeName name, String reason) {
                        state.node(name.toString()).ifPresent(r -> state.saveNode(r.withStatus(NodeStatus.GONE, "launch failed: " + reason)));
                        outcomes.put(name.toString(), new NodeOutcome(name.toString(), group.name(), NodeOutcome.State.DOWN, 0, 0,
                                null, "launch failed: " + reason, "", 0));
                        launched.settled(name.toString(), false);
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
            for (NodeName n : names) {
                if (!up.contains(n.toString())) {
                    outcomes.putIfAbsent(n.toString(), new NodeOutcome(n.toString(), group.name(), NodeOutcome.State.DOWN, 0, 0,
                            null, "launch failed: the provider did not report it running", "", 0));
                    launched.settled(n.toString(), false);
                }
            }
            long count = names.stream().filter(n -> up.contains(n.toString())).count();
            progress.line(String.format(java.util.Locale.ROOT, "%s: %d/%d launched (%.1fs)", group.name(), count, names.size(),
                    (System.currentTimeMillis() - t0) / 1000.0));
        }
        return up;
    }
}
