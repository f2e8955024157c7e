package dev.spotplay.provider;

import dev.spotplay.plan.Change;
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
     * Launches nodes of one group under the given names. Calls {@code sink.launching} before
     * each call to the cloud with the idempotency token it carries (the caller records it in
     * state first), {@code sink.launched} for each node as soon as it runs and its address is
     * known (the caller records it), and {@code sink.failed} for each name that could not be
     * launched. Returns when every name has been reported. A name never ends up with two
     * machines: extra ones are terminated.
     */
    void launch(LaunchRequest request, LaunchSink sink) throws IOException;

    /** Terminates these nodes and waits until they are gone. Nodes already gone are fine. */
    void terminate(List<NodeRecord> nodes) throws IOException;

    /** Removes what the cluster created beside its nodes (key pairs, groups; storage only if asked). */
    default void destroyShared(boolean includeStorage) throws IOException {}

    /**
     * Creates what nodes need before they launch and what the playbook declares beside them (key
     * pair, security group, shared storage). Idempotent: what exists is found and kept.
     */
    default void prepare() throws IOException {}

    /**
     * The cluster-wide resources {@link #prepare} would create or change now, as plan changes
     * ({@link Change#resource}, of a kind this provider names, an update with its attribute
     * changes); never changes anything. The planner puts them first in apply's plan.
     */
    default List<Change> planResources() {
        return List.of();
    }

    /** The cluster-wide resources {@link #destroyShared} would remove now, as plan changes. */
    default List<Change> destroyResources(boolean includeStorage) {
        return List.of();
    }

    /** Template facts the provider knows (e.g. {@code storage.<name>.address}); asked again after {@link #prepare}. */
    default Map<String, Object> facts() {
        return Map.of();
    }

    /**
     * The playbook groups a node is in beside its own ({@code NodeRecord#group}, the first): a
     * static host may be in several, and is one node that runs the steps of each. Default: none.
     */
    default List<String> otherGroups(String node) {
        return List.of();
    }

    /** The variables each node's templates see beneath the playbook's vars (a static inventory's); default: none. */
    default NodeVars nodeVars() {
        return NodeVars.NONE;
    }

    /**
     * The settings a node of this group is launched with now, by name, as text (for aws:
     * {@code instance_type}, {@code market}, {@code image}, ...), every one of them, with its
     * default when the playbook leaves it out. A node records them at launch, and the plan
     * compares what a node was launched with against these: a difference is a replacement, or
     * an update in place for the {@link #updatableSettings}. Only names both sides have are
     * compared, so a build that learns a new setting does not replace every node. Never touches
     * the network. Default: none (nothing to compare).
     */
    default Map<String, String> launchSettings(Group group) {
        return Map.of();
    }

    /**
     * Whether a node launched with {@code launched} for this setting no longer fits what its
     * group asks ({@code wanted}). Default: they differ. A provider whose setting allows several
     * values (a list of instance types) says whether the one chosen is still among them.
     */
    default boolean settingDiffers(String name, String launched, String wanted) {
        return !launched.equals(wanted);
    }

    /** The playbook's storage this provider uses but does not own (an existing file system named by id): destroy never deletes it. */
    default java.util.Set<String> unownedStorage() {
        return java.util.Set.of();
    }

    /**
     * Whether one node name may hold two machines for a while: a replacement launched and set up
     * before the machine it replaces is terminated, as replacement in waves needs. A provider
     * whose machine is its name (the local provider's node folder) says no, and its replacements
     * go all at once.
     */
    default boolean overlapsMachines() {
        return false;
    }

    /** The settings {@link #update} can change on a running node without replacing it (tags, say). */
    default java.util.Set<String> updatableSettings() {
        return java.util.Set.of();
    }

    /**
     * Changes the {@link #updatableSettings} of a running node to {@code settings} (the group's
     * {@link #launchSettings} now), in place. Called only when nothing else differs.
     */
    default void update(NodeRecord node, Map<String, String> settings) throws IOException {
        throw new UnsupportedOperationException("this provider changes no setting in place");
    }

    /**
     * Finishes, at the start of an apply (once its plan is accepted), what a crash may have left
     * half done that the plan does not show (aws: the per-node tags of a batch launch), and marks
     * this state's nodes ({@code ours}: provider ids) with its {@code lineage} where they lack it.
     * Default: nothing.
     */
    default void settle(String lineage, java.util.Set<String> ours) throws IOException {}

    /**
     * Pauses these running nodes, keeping their disks and identities, and waits until they are
     * stopped. A provider that cannot (or a node it cannot stop) throws a
     * {@link dev.spotplay.diag.UserError} that says why, before anything is stopped.
     */
    default void stop(List<NodeRecord> nodes) throws IOException {
        throw new dev.spotplay.diag.UserError("This provider cannot stop nodes: destroy them, or leave them running.");
    }

    /** Resumes these stopped nodes and waits until each runs; returns each as it is now (its address may be new). */
    default List<ObservedNode> start(List<NodeRecord> nodes) throws IOException {
        throw new dev.spotplay.diag.UserError("This provider cannot start stopped nodes.");
    }

    /** The user spotplay logs in as when the playbook names none. */
    String defaultUser();

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
        /** Called before each launch call with the idempotency token it carries, so state holds it first. */
        default void launching(List<NodeName> names, String token) {}

        void launched(NodeName name, ObservedNode node);

        /**
         * As {@link #launched(NodeName, ObservedNode)}, with the settings the provider chose for
         * it among those its group allows (the instance type of a list, the zone), which the node
         * records over the group's.
         */
        default void launched(NodeName name, ObservedNode node, Map<String, String> chosen) {
            launched(name, node);
        }

        void failed(NodeName name, String reason);
    }

    /** Extra facts for the plan, e.g. the security group rule the plan should show. */
    default Map<String, String> planNotes() {
        return Map.of();
    }
}
