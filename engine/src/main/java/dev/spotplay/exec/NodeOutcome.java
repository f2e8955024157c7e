package dev.spotplay.exec;

/**
 * How one node fared in an apply.
 *
 * @param state      ok, failed, down (never answered SSH), skipped (waited for a failed group),
 *                   terminated
 * @param failedStep the step that failed, or null
 * @param message    one line: what happened
 * @param outputTail the failed step's last output lines, or ""
 */
public record NodeOutcome(String node, String group, State state, int changed, int unchanged, String failedStep,
                          String message, String outputTail, long millis) {

    public enum State { OK, FAILED, DOWN, SKIPPED, TERMINATED }

    public boolean isFailure() {
        return state == State.FAILED || state == State.DOWN || state == State.SKIPPED;
    }
}
