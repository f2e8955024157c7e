package dev.spotplay.state;

import java.time.Instant;

/**
 * One run of one step on one node.
 *
 * @param hash       the step's definition hash on that node (sha256 hex)
 * @param outputTail the last lines of output (capped), never secrets
 */
public record StepRun(
        String applyId,
        String node,
        String step,
        String hash,
        Result result,
        String message,
        String outputTail,
        long durationMillis,
        Instant finishedAt) {

    public enum Result { CHANGED, UNCHANGED, FAILED }

    public boolean succeeded() {
        return result != Result.FAILED;
    }
}
