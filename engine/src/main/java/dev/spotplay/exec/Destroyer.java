package dev.spotplay.exec;

import dev.spotplay.playbook.Membership;
import dev.spotplay.diag.UserError;
import dev.spotplay.plan.Action;
import dev.spotplay.plan.Address;
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

    /** What destroy will do: every node, every duplicate, then the cluster's own resources (made by the planner). */
    public Plan plan(boolean includeStorage) {
        return session.destroyPlan(includeStorage);
    }

    public Plan plan() {
        return plan(false);
    }

    /** What {@code destroy --target} will do: only these nodes, or every node of these groups. */
    public Plan plan(java.util.Set<String> targets) {
        return session.destroyPlan(targets);
    }

    /**
     * Carries out a destroy plan. Each node change decides by its address alone: a node is
     * marked terminating in state first and its record removed once its machine is gone; a
     * duplicate machine, never recorded, is only terminated.
     */
    public void destroy(Plan plan, boolean includeStorage) {
        destroy(plan, includeStorage, false);
    }

    /** As {@link #destroy(Plan, boolean)}; {@code targeted}: only some nodes go, the cluster's shared resources and files stay. */
    public void destroy(Plan plan, boolean includeStorage, boolean targeted) {
        StateStore state = session.state();
        List<NodeRecord> marked = new ArrayList<>();
        List<NodeRecord> nodes = new ArrayList<>();
        for (Change c : plan.nodeChanges()) {
            if (c.action() != Action.DELETE) {
                continue;
            }
            if (c.address() instanceof Address.Duplicate d) {
                nodes.add(Provisioning.duplicateMachine(d, c.reason()));
            } else if (c.address() instanceof Address.Node n) {
                state.node(n.name()).ifPresent(r -> marked.add(r.withStatus(NodeStatus.TERMINATING, "destroy")));
            }
        }
        nodes.addAll(0, marked);
        // A provider that does not own its nodes (static hosts) is told to terminate them too, and
        // does nothing: the words say what happens to the machines.
        String verb = session.membership() == Membership.COUNTED ? "terminated" : "forgotten (nothing was done to the hosts)";
        if (!nodes.isEmpty()) {
            progress.line(((session.membership() == Membership.COUNTED) ? "Terminating " : "Forgetting ") + nodes.size()
                    + (nodes.size() == 1 ? " node" : " nodes") + "...");
            state.saveNodes(marked);
            try {
                session.provider().terminate(nodes);
            } catch (IOException e) {
                throw new UserError("Terminating nodes failed: " + e.getMessage()
                        + "\nThey are still recorded; run destroy again to retry.", e);
            }
            // State last: a record goes only once its machine is gone.
            marked.forEach(r -> state.deleteNode(r.name()));
        }
        if (targeted) {
            progress.line("Destroyed " + nodes.size() + (nodes.size() == 1 ? " node" : " nodes") + " of cluster \""
                    + session.playbook().name() + "\"; the rest of it stays.");
            return;
        }
        if (!session.reconcile().foreign().isEmpty()) {
            // Another state's machines use the cluster's shared resources (and the provider's
            // last sweep would terminate them): all of it stays, as the plan's note said.
            progress.line("Kept the cluster's shared resources: machines of another state use them.");
            return;
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
