package dev.spotplay.exec;

import dev.spotplay.diag.DidYouMean;
import dev.spotplay.diag.UserError;
import dev.spotplay.provider.ObservedNode;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.state.StateStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code spotplay stop} and {@code start}: pause nodes (disks, names, state and pinned host keys
 * kept) and resume them (new addresses picked up). State is written before and after each
 * provider call: a node being stopped is recorded stopped once the provider says so, and a
 * started one running with its address; a crash in between is reconciled by the next command.
 */
public final class Pause {
    private final Session session;
    private final Progress progress;

    public Pause(Session session, Progress progress) {
        this.session = session;
        this.progress = progress;
    }

    /** The nodes named (or every node of the groups named; every node when none is) that are in {@code status}. */
    public List<NodeRecord> select(List<String> targets, Set<NodeStatus> status) {
        List<NodeRecord> nodes = session.reconcile().nodes();
        Set<String> known = new TreeSet<>();
        nodes.forEach(n -> {
            known.add(n.name());
            known.add(n.group());
        });
        session.playbook().groups().forEach(g -> known.add(g.name()));
        for (String t : targets) {
            if (!known.contains(t)) {
                throw new UserError("No node or group \"" + t + "\" in cluster \"" + session.playbook().name() + "\"."
                        + DidYouMean.hint(t, List.copyOf(known)) + " 'spotplay status' lists the nodes.");
            }
        }
        List<NodeRecord> out = new ArrayList<>();
        for (NodeRecord n : nodes) {
            boolean named = targets.isEmpty() || targets.contains(n.name()) || targets.contains(n.group());
            if (named && status.contains(n.status())) {
                out.add(n);
            }
        }
        return out;
    }

    public void stop(List<NodeRecord> nodes) {
        session.recordReconciled();
        try {
            session.provider().stop(nodes);
        } catch (IOException e) {
            throw new UserError("Stopping failed: " + e.getMessage() + "\nRun stop again; status shows what is stopped.", e);
        }
        StateStore state = session.state();
        state.saveNodes(nodes.stream().map(n -> n.withStatus(NodeStatus.STOPPED, "stopped by spotplay stop")).toList());
        progress.line("Stopped " + dev.spotplay.plan.NodeRanges.format(nodes.stream().map(NodeRecord::name).toList())
                + ": disks, names and host keys kept; spotplay start resumes them.");
    }

    public void start(List<NodeRecord> nodes) {
        session.recordReconciled();
        List<ObservedNode> running;
        try {
            running = session.provider().start(nodes);
        } catch (IOException e) {
            throw new UserError("Starting failed: " + e.getMessage() + "\nRun start again; status shows what is running.", e);
        }
        StateStore state = session.state();
        List<NodeRecord> started = new ArrayList<>();
        for (NodeRecord n : nodes) {
            running.stream().filter(o -> o.providerId().equals(n.providerId())).findFirst().ifPresent(o -> started.add(
                    n.toBuilder().endpoint(o.host(), o.port()).privateIp(o.privateIp()).status(NodeStatus.RUNNING, null).build()));
        }
        state.saveNodes(started);
        progress.line("Started " + dev.spotplay.plan.NodeRanges.format(started.stream().map(NodeRecord::name).toList())
                + " (same machines, host keys and disks; addresses as the provider gives them now). "
                + "spotplay apply runs the steps that need it.");
    }
}
