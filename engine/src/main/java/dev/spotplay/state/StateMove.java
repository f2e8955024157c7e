package dev.spotplay.state;

import dev.spotplay.diag.UserError;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code spotplay state push|pull}: copies one cluster's state from one place to another (an H2
 * file to PostgreSQL and back), under both locks, and leaves the source marked as moved so that
 * nobody applies from it by mistake. The copy is the same state: same lineage (the cloud's
 * instances carry it), same serial. A target that holds the cluster with another lineage is
 * another cluster of the same name, and is refused with nothing changed.
 */
public final class StateMove {

    /** What was copied, for the command's one line. */
    public record Result(String from, String to, int nodes, int runs, long serial) {}

    private StateMove() {}

    public static Result move(StateLocation from, StateLocation to, String cluster, Holder holder, Duration lockTimeout) {
        if (from.display().equals(to.display())) {
            throw new UserError("State " + from.display() + " is already where it would be moved to; name another with --to or --from.");
        }
        if (!from.exists()) {
            throw new UserError("No state of cluster \"" + cluster + "\" at " + from.display() + " to move; nothing was changed.");
        }
        boolean targetExisted = to.exists();
        try (StateStore source = from.openForUpdate(cluster, holder, lockTimeout)) { // refuses a source already moved away
            StateSnapshot snapshot = source.snapshot().orElseThrow(() -> new UserError(
                    "State " + from.display() + " has no lineage yet (an apply gives it one); nothing was changed."));
            try (StateStore target = to.openForMove(cluster, holder, lockTimeout)) {
                Optional<StateSnapshot> there = targetExisted ? target.snapshot() : Optional.empty();
                if (there.isPresent() && !there.get().lineage().equals(snapshot.lineage())) {
                    throw new UserError("State " + to.display() + " already holds cluster \"" + cluster + "\" with another lineage ("
                            + there.get().lineage() + "; this one's is " + snapshot.lineage() + "): another cluster of the same name.\n"
                            + "Nothing was changed. Rename one of the clusters, or move this state to another database or file.");
                }
                boolean sameCopy = there.isPresent() && there.get().movedTo().isEmpty();
                if (sameCopy && there.get().serial() != snapshot.serial()) {
                    throw new UserError("State " + to.display() + " already holds this cluster's state (same lineage), in use there and at"
                            + " a different serial (" + there.get().serial() + ", here " + snapshot.serial() + "): both were changed.\n"
                            + "Nothing was changed. Keep one: apply from it, and delete the other.");
                }
                if (!sameCopy) {
                    target.restore(snapshot); // committed before the source is marked: a crash here leaves two equal copies, see above
                }
            }
            source.markMoved(to.display());
            return new Result(from.display(), to.display(), snapshot.nodes().size(), snapshot.runs().size(), snapshot.serial());
        }
    }
}
