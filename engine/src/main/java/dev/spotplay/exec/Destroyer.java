package dev.spotplay.exec;

import dev.spotplay.diag.UserError;
import dev.spotplay.plan.Action;
import dev.spotplay.plan.Change;
import dev.spotplay.plan.Plan;
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

    /** What destroy will do. */
    public Plan plan() {
        List<Change> changes = new ArrayList<>();
        for (NodeRecord r : session.reconcile().nodes()) {
            changes.add(Change.node(Action.DELETE, r.group(), r.name(), "destroy"
                    + (r.status() == NodeStatus.GONE ? " (already gone: " + r.statusReason() + ")" : "")));
        }
        return new Plan(session.playbook().name(), session.playbook().provider().type(), List.copyOf(changes), 0, 0, List.of());
    }

    public void destroy(boolean includeStorage) {
        StateStore state = session.state();
        List<NodeRecord> nodes = session.reconcile().nodes();
        if (!nodes.isEmpty()) {
            progress.line("Terminating " + nodes.size() + (nodes.size() == 1 ? " node" : " nodes") + "...");
            List<NodeRecord> marked = new ArrayList<>();
            for (NodeRecord r : nodes) {
                NodeRecord m = r.withStatus(NodeStatus.TERMINATING, "destroy");
                state.saveNode(m);
                marked.add(m);
            }
            try {
                session.provider().terminate(marked);
            } catch (IOException e) {
                throw new UserError("Terminating nodes failed: " + e.getMessage()
                        + "\nThey are still recorded; run destroy again to retry.", e);
            }
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
                + (nodes.size() == 1 ? " node" : " nodes") + " terminated.");
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
