package dev.spotplay.exec;

import dev.spotplay.diag.UserError;
import dev.spotplay.plan.Action;
import dev.spotplay.plan.Change;
import dev.spotplay.plan.Plan;
import dev.spotplay.planner.Reconciler;
import dev.spotplay.provider.NodeName;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes everything the cluster has: nodes (marked terminating in state first, removed from
 * state once gone), then what the provider created beside them, then the cluster's private
 * folder. The state file stays, with its history.
 */
public final class Destroyer {
    private final Session session;
    private final Progress progress;

    public Destroyer(Session session, Progress progress) {
        this.session = session;
        this.progress = progress;
    }

    /** What destroy will do: every node, every duplicate, then the cluster's own resources. */
    public Plan plan(boolean includeStorage) {
        List<Change> changes = new ArrayList<>();
        for (NodeRecord r : session.reconcile().nodes()) {
            changes.add(Change.node(Action.DELETE, r.group(), r.name(), (session.provider().manages() ? "destroy"
                    : "destroy: forgotten, nothing is done to the host (the " + session.playbook().provider().type()
                            + " provider terminates nothing)")
                    + (r.status() == NodeStatus.GONE ? " (already gone: " + r.statusReason() + ")" : "")));
        }
        for (Reconciler.Duplicate d : session.reconcile().duplicates()) {
            changes.add(Change.duplicate(d.node().group(), d.node().name(), d.node().providerId(), "destroy: duplicate of " + d.node().name()));
        }
        changes.addAll(session.provider().destroyResources(includeStorage));
        List<String> notes = new ArrayList<>();
        if (!includeStorage && !session.playbook().storage().isEmpty()) {
            notes.add("storage " + String.join(", ", session.playbook().storage().stream().map(s -> s.name()).toList())
                    + " is kept with its data (and the security group its mount targets use); destroy --include-storage deletes them");
        }
        return new Plan(session.playbook().name(), session.playbook().provider().type(), List.copyOf(changes), 0, 0, List.copyOf(notes));
    }

    public Plan plan() {
        return plan(false);
    }

    public void destroy(boolean includeStorage) {
        StateStore state = session.state();
        List<NodeRecord> nodes = new ArrayList<>(session.reconcile().nodes());
        for (Reconciler.Duplicate d : session.reconcile().duplicates()) {
            nodes.add(new NodeRecord(d.node().name(), d.node().group(), NodeName.parse(d.node().name()).index(), d.node().providerId(),
                    null, 0, null, NodeStatus.TERMINATING, "duplicate", null, null, java.time.Instant.now()));
        }
        // A provider that does not own its nodes (static hosts) is told to terminate them too, and
        // does nothing: the words say what happens to the machines.
        String verb = session.provider().manages() ? "terminated" : "forgotten (nothing was done to the hosts)";
        if (!nodes.isEmpty()) {
            progress.line((session.provider().manages() ? "Terminating " : "Forgetting ") + nodes.size()
                    + (nodes.size() == 1 ? " node" : " nodes") + "...");
            List<NodeRecord> marked = new ArrayList<>();
            for (NodeRecord r : nodes) {
                NodeRecord m = r.withStatus(NodeStatus.TERMINATING, "destroy");
                if (!"duplicate".equals(r.statusReason())) {
                    state.saveNode(m);
                }
                marked.add(m);
            }
            try {
                session.provider().terminate(marked);
            } catch (IOException e) {
                throw new UserError("Terminating nodes failed: " + e.getMessage()
                        + "\nThey are still recorded; run destroy again to retry.", e);
            }
            // State last: a record goes only once its machine is gone.
            marked.forEach(r -> state.deleteNode(r.name()));
        }
        try {
            session.provider().destroyShared(includeStorage);
        } catch (IOException e) {
            throw new UserError("Removing the cluster's shared resources failed: " + e.getMessage()
                    + "\nRun destroy again to retry.", e);
        }
        deleteTree(session.workDir());
        progress.line("Destroyed cluster \"" + session.playbook().name() + "\": " + nodes.size()
                + (nodes.size() == 1 ? " node " : " nodes ") + verb + ".");
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UserError("Could not remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
