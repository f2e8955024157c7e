package dev.spotplay.state;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where one cluster's state lives (a file, a database), as a {@link StateBackend} understood a
 * location string. Opening is the backend's: for update it takes the lock (waiting up to the
 * timeout, through {@link Locks}) and holds it until the store is closed.
 */
public interface StateLocation {

    /** The location as the user should see it in a message (never with a credential). */
    String display();

    /** Whether a state is recorded here (plan and status never create one). */
    boolean exists();

    /** The local folder the state lives in, if it is in one: the cluster's own files (its SSH key) go beside it. */
    Optional<Path> folder();

    /**
     * For plan and status: never creates or changes a state. A missing state reads as empty,
     * one of an older schema is read as migrated without being changed.
     */
    StateStore openReadOnly(Duration lockTimeout);

    /**
     * For apply and destroy: creates the state if needed, takes the exclusive lock as
     * {@code holder} (waiting up to {@code lockTimeout}, then failing with a message naming
     * whoever holds it), migrates it, and checks it belongs to {@code cluster} (a new state is
     * claimed for it and given its lineage).
     */
    StateStore openForUpdate(String cluster, Holder holder, Duration lockTimeout);

    /**
     * For state push|pull: {@link #openForUpdate}, except that a state marked as moved away is
     * opened too (a copy coming back replaces it).
     */
    StateStore openForMove(String cluster, Holder holder, Duration lockTimeout);
}
