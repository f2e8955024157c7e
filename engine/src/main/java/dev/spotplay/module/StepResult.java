package dev.spotplay.module;

/**
 * What a step did on one node.
 *
 * @param outcome    changed, unchanged or failed
 * @param message    one line for the user, e.g. "created /opt/app (3 files)" or "exit 2"
 * @param outputTail the last lines of the command's output (stdout and stderr), for state and
 *                   for the failure report; never holds secrets the module knows about. At most
 *                   {@link #MAX_TAIL_CHARS} characters, the last ones: a longer tail (one huge
 *                   line) is cut here, so no module can put megabytes into state or a report
 */
public record StepResult(Outcome outcome, String message, String outputTail) {

    /** The most of a command's output a result keeps; a batch keeps no more than this many bytes of each step's output on the node. */
    public static final int MAX_TAIL_CHARS = 8192;

    public enum Outcome { CHANGED, UNCHANGED, FAILED }

    public StepResult {
        if (outputTail != null && outputTail.length() > MAX_TAIL_CHARS) {
            int from = outputTail.length() - MAX_TAIL_CHARS;
            if (Character.isLowSurrogate(outputTail.charAt(from))) {
                from++;   // never keep half of a character
            }
            outputTail = outputTail.substring(from);
        }
    }

    public static StepResult changed(String message) {
        return new StepResult(Outcome.CHANGED, message, "");
    }

    public static StepResult changed(String message, String outputTail) {
        return new StepResult(Outcome.CHANGED, message, outputTail);
    }

    public static StepResult unchanged(String message) {
        return new StepResult(Outcome.UNCHANGED, message, "");
    }

    public static StepResult failed(String message, String outputTail) {
        return new StepResult(Outcome.FAILED, message, outputTail);
    }

    /** A step killed at its own timeout, batched or alone: one wording for both. */
    public static StepResult timedOut(java.time.Duration timeout, String outputTail) {
        return failed("timed out after " + dev.spotplay.diag.Durations.format(timeout), outputTail);
    }

    public boolean isFailed() {
        return outcome == Outcome.FAILED;
    }
}
