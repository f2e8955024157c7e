package dev.spotplay.module;

/**
 * A whole step (its check, and its action only if the check says so) as one fragment of POSIX
 * {@code sh}, so that the walker can send a node's consecutive steps in one round trip (see
 * {@link ScriptBatch}). The fragment's contract:
 * <ul>
 *   <li>it runs as a subshell {@code ( … )} of the batch's {@code sh} (so {@code $$} is the
 *       batch's; it sees none of the batch's own variables), in the login folder, with stdin from
 *       {@code /dev/null} and its stdout and stderr captured together (their last lines, at most
 *       {@link StepResult#MAX_TAIL_CHARS} bytes, are the output tail); past its step's timeout
 *       it is killed with the processes it started;
 *   <li>it is complete sh text (a syntax error in it would end the batch, not only the step);
 *   <li>it writes its verdict as one line to file descriptor 3: {@code changed MESSAGE} or
 *       {@code unchanged MESSAGE}; a failure exits non-zero, with {@code failed MESSAGE} on fd 3
 *       (without one, the message is {@code exit N});
 *   <li>the user's own commands never see fd 3 (run them with {@code 3>&-});
 *   <li>everything it needs travels inside it (data as a here-document), and it must give the
 *       same outcome, message and effect as the module's {@link StepModule#run}: best, by being
 *       what run sends too ({@link ScriptBatch#run} with this one entry).
 * </ul>
 *
 * <p>A fragment whose output is {@linkplain #bounded bounded} promises more: it prints at most a
 * few lines of its own (the messages of the commands it runs when they fail, a list of names it
 * knows), runs none of the user's commands and leaves no process behind. Its output then goes
 * straight to a file of the batch, without the {@code tail} every other step's output passes
 * through: one process less on the node for each such step (see {@link ScriptBatch}).
 *
 * @param body the fragment
 * @param boundedOutput whether the fragment keeps the promise above
 */
public record StepScript(String body, boolean boundedOutput) {

    /** A fragment whose output may be anything: the user's commands, or what they print. */
    public StepScript(String body) {
        this(body, false);
    }

    /** A fragment of the module's own checks and actions, whose output is a few lines at most. */
    public static StepScript bounded(String body) {
        return new StepScript(body, true);
    }
}
