package dev.spotplay.modules;

import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepModule;
import dev.spotplay.module.StepResult;
import dev.spotplay.module.StepScript;
import dev.spotplay.transport.ExecResult;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * What every module does around its own check-and-act: validate the resolved arguments (a
 * template may have produced a bad mode or a relative path) and turn an exec timeout into a
 * failed step, since a slow command is the user's to fix, not a broken connection.
 */
abstract class AbstractModule implements StepModule {

    /** Most modules take everything in their own key's mapping, and no options beside it. */
    @Override
    public Set<String> options() {
        return Set.of();
    }

    static final int TAIL_LINES = 20;

    @Override
    public final StepResult run(StepContext ctx) throws Exception {
        List<ArgProblem> problems = validate(ctx.args());
        if (!problems.isEmpty()) {
            return StepResult.failed(problems.get(0).message(),
                    problems.stream().map(ArgProblem::message).collect(Collectors.joining("\n")));
        }
        try {
            return apply(ctx);
        } catch (IOException e) {
            if (isTimeout(e)) {
                return StepResult.timedOut(ctx.timeout(), "");
            }
            throw e;
        }
    }

    /** Check, and act only if the check says so. Arguments are valid here. */
    abstract StepResult apply(StepContext ctx) throws Exception;

    /** Wrong arguments are reported by {@link #run}, so a step with them never goes into a batch. */
    @Override
    public final Optional<StepScript> script(StepContext ctx) throws Exception {
        return validate(ctx.args()).isEmpty() ? fragment(ctx) : Optional.empty();
    }

    /** The step as one sh fragment with the same outcome as {@link #apply}, or empty. Arguments are valid here. */
    Optional<StepScript> fragment(StepContext ctx) throws Exception {
        return Optional.empty();
    }

    static ExecResult exec(StepContext ctx, String script) throws IOException {
        return ctx.connection().exec(script, null, ctx.timeout());
    }

    static ExecResult exec(StepContext ctx, String script, byte[] stdin) throws IOException {
        return ctx.connection().exec(script, stdin, ctx.timeout());
    }

    /** A failure of a check or action script that should not fail: its exit code and output. */
    static StepResult failed(String what, ExecResult r) {
        return StepResult.failed(what + " (exit " + r.exitCode() + ")" + firstLine(r.stderr()), r.tail(TAIL_LINES));
    }

    private static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.isEmpty() ? "" : ": " + line;
    }

    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
