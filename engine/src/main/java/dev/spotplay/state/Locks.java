package dev.spotplay.state;

import dev.spotplay.diag.UserError;
import dev.spotplay.diag.Durations;
import java.time.Duration;
import java.util.Optional;

/**
 * The lock every backend keeps, as a user meets it: one writer at a time, a second one waits up
 * to {@code --lock-timeout} (polling the backend's own lock: a file lock, an advisory lock) and
 * then fails with one line naming the holder. How a lock is taken is the backend's; how long one
 * waits and what one is told is decided here, once.
 */
public final class Locks {

    private static final Duration POLL = Duration.ofMillis(100);

    /** One try at the backend's lock. */
    @FunctionalInterface
    public interface Attempt {
        /** Empty when the lock is now held by the caller, else who holds it (as {@link Holder#describe()} said it). */
        Optional<String> tryTake();
    }

    private Locks() {}

    /**
     * Tries until taken or {@code timeout} has passed, then throws the error naming the last
     * holder seen.
     *
     * @param display the state location as the user named it, for the message
     */
    public static void await(Attempt attempt, Duration timeout, String display) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> other = attempt.tryTake();
            if (other.isEmpty()) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw locked(display, other.get(), timeout);
            }
            sleep(Math.min(left, POLL.toNanos()));
        }
    }

    /** The error a user sees when someone else holds the state. */
    public static UserError locked(String display, String holder, Duration waited) {
        String advice = waited.isZero()
                ? "Wait for it to finish, or retry with --lock-timeout 5m."
                : "Gave up after waiting " + Durations.format(waited) + ". Wait for it to finish, or retry with a longer --lock-timeout.";
        return new UserError("State " + display + " is locked by " + holder + "\n" + advice);
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("Interrupted while waiting for the state lock.");
        }
    }
}
