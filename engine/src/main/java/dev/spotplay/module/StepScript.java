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
 * @param body the fragment
 */
public record StepScript(String body) {}
