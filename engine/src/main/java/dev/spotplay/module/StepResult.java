package dev.spotplay.module;

/**
 * What a step did on one node.
 *
 * @param outcome    changed, unchanged or failed
 * @param message    one line for the user, e.g. "created /opt/app (3 files)" or "exit 2"
 * @param outputTail the last lines of the command's output (stdout and stderr), for state and
 *                   for the failure report; never holds secrets the module knows about
 */
public record StepResult(Outcome outcome, String message, String outputTail) {

    public enum Outcome { CHANGED, UNCHANGED, FAILED }

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

    public boolean isFailed() {
        return outcome == Outcome.FAILED;
    }
}
