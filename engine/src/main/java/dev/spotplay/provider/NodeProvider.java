package dev.spotplay.provider;

import dev.spotplay.playbook.Group;
import dev.spotplay.state.NodeRecord;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Launches, finds and terminates the nodes of one cluster. */
public interface NodeProvider extends AutoCloseable {

    /**
     * What really exists for this cluster now, in one sweep (one API call, one folder scan).
     * Every node the provider holds for the cluster is in the result, recorded or not.
     */
    List<ObservedNode> observe() throws IOException;

    /**
     * Launches nodes of one group under the given names. Calls {@code sink.launched} for each
     * node as soon as its id and address are known (the caller records it in state), and
     * {@code sink.failed} for each name that could not be launched. Returns when every name
     * has been reported.
     */
    void launch(Group group, List<NodeName> names, LaunchSink sink) throws IOException;

    /** Terminates these nodes and waits until they are gone. Nodes already gone are fine. */
    void terminate(List<NodeRecord> nodes) throws IOException;

    /** Removes what the cluster created beside its nodes (key pairs, groups; storage only if asked). */
    default void destroyShared(boolean includeStorage) throws IOException {}

    /** The user spotplay logs in as when the playbook names none. */
    String defaultUser();

    /**
     * True if this provider creates and removes nodes, named and counted by spotplay's naming
     * policy ({@code {group}{index:03d}}, {@code count} per group). False if it declares them
     * itself (a static inventory): then a group's members are exactly the nodes the provider
     * observes alive in it, under the provider's names; the plan never launches, replaces or
     * terminates one, and a node the provider no longer declares is forgotten.
     */
    default boolean manages() {
        return true;
    }

    /**
     * Per-node login settings that override the playbook's {@code ssh:} block; null fields
     * fall back to it, then to {@link #defaultUser()} and the cluster's key. Default: none.
     */
    default Login login(NodeRecord node) {
        return Login.DEFAULT;
    }

    /** Estimated cost in USD per hour for a node of this group, or 0 if free/unknown. */
    default double hourlyCost(Group group) {
        return 0;
    }

    @Override
    default void close() {}

    /** Receives launch results as they happen. Must be thread-safe. */
    interface LaunchSink {
        void launched(NodeName name, ObservedNode node);

        void failed(NodeName name, String reason);
    }

    /** Extra facts for the plan, e.g. the security group rule the plan should show. */
    default Map<String, String> planNotes() {
        return Map.of();
    }
}
