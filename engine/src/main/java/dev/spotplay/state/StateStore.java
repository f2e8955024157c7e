package dev.spotplay.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The recorded state of one cluster. Every write is durable when the method returns (committed).
 * A read-only store (opened for plan/status) throws {@link UnsupportedOperationException} on writes.
 * Implementations are thread-safe: the apply walker records step runs from many threads.
 * Opened through a {@link StateLocation}; one opened for update holds the state's lock until closed.
 */
public interface StateStore extends AutoCloseable {

    /** The cluster this state belongs to (recorded at creation), or empty for a new store. */
    Optional<String> cluster();

    /**
     * This state's identity: a random id made when the state is first opened for update (its
     * creation, or the first open by a build that keeps lineages), never changed after. Two
     * states with the same cluster name have different lineages. Empty for a state that has
     * none yet (missing, or older and only read).
     */
    Optional<UUID> lineage();

    /**
     * How many writes this state has committed since its lineage was made: every committed
     * write adds one, in the same transaction, so two reads that see the same lineage and serial
     * saw the same state. 0 for a state with no lineage.
     */
    long serial();

    /** The schema migrations this state has had, in version order (empty for a missing state). */
    List<AppliedMigration> schemaHistory();

    List<NodeRecord> nodes();

    Optional<NodeRecord> node(String name);

    /** Inserts or replaces the record with this name. */
    void saveNode(NodeRecord node);

    /** Removes the node and keeps its step runs as history. */
    void deleteNode(String name);

    /** The latest run of each step on each node that is still recorded: node → step → run. */
    Map<String, Map<String, StepRun>> latestRuns();

    /** Forgets a node's step runs' effect (a replaced node starts afresh); history stays. */
    void resetRuns(String node);

    void recordRun(StepRun run);

    /** Records several runs at once (one transaction where the store has them): a batch of steps finishes together. */
    default void recordRuns(List<StepRun> runs) {
        runs.forEach(this::recordRun);
    }

    /** Inserts or replaces several records at once (one transaction where the store has them). */
    default void saveNodes(List<NodeRecord> nodes) {
        nodes.forEach(this::saveNode);
    }

    /** {@link #resetRuns(String)} for several nodes at once. */
    default void resetRuns(java.util.Collection<String> nodes) {
        nodes.forEach(this::resetRuns);
    }

    /** Starts a history entry for a changing command; returns its id. */
    String beginApply(String command, String holder);

    void finishApply(String applyId, String result);

    List<ApplyRecord> applies();

    /** Small cluster-wide facts (key pair name, security group id, ...). */
    Optional<String> get(String key);

    void put(String key, String value);

    void remove(String key);

    /** Everything in this state, for a copy of it elsewhere (state push|pull); empty for a state with no lineage. */
    default Optional<StateSnapshot> snapshot() {
        throw new UnsupportedOperationException("this store cannot be copied");
    }

    /**
     * Replaces everything in this state by {@code snapshot}, in one transaction: its lineage and
     * serial become the snapshot's (the copy is the same state), and a mark that it was moved away
     * is cleared. Only for state push|pull, on a store opened with {@link StateLocation#openForMove}.
     */
    default void restore(StateSnapshot snapshot) {
        throw new UnsupportedOperationException("this store cannot be replaced");
    }

    /** Marks this state as moved to {@code location} (as the user should write it): from now on it is refused, naming where it went. */
    default void markMoved(String location) {
        throw new UnsupportedOperationException("this store cannot be moved");
    }

    @Override
    void close();
}
