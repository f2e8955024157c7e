package dev.spotplay.exec;

/**
 * How one node fared in an apply.
 *
 * @param state      ok, failed, down (not launched or never answered SSH), skipped (waited for a
 *                   failed group), terminated, short (down, but accepted under min_count)
 * @param failedStep the step that failed, or null
 * @param message    one line: what happened
 * @param outputTail the failed step's last output lines, or ""
 */
public record NodeOutcome(String node, String group, State state, int changed, int unchanged, String failedStep,
                          String message, String outputTail, long millis) {

    /** SHORT: not launched, but its group still has at least min_count nodes up, so the apply succeeds. */
    public enum State { OK, FAILED, DOWN, SKIPPED, TERMINATED, SHORT }

    public boolean isFailure() {
        return state == State.FAILED || state == State.DOWN || state == State.SKIPPED;
    }
}
