package dev.spotplay.modules;

import dev.spotplay.module.ScriptBatch;
import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepModule;
import dev.spotplay.module.StepResult;
import dev.spotplay.module.StepScript;
import dev.spotplay.transport.Connection;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every module does around its own check-and-act. A module's check-and-act is written once,
 * as its sh fragment ({@link #fragment}); its single {@link #run} is that fragment run alone
 * through {@link ScriptBatch}, the runner a batch of steps uses, so batched and alone are one
 * path. A module whose step cannot always be a fragment overrides {@link #alone} and says why.
 *
 * <p>Around that: the resolved arguments are validated again (a template may have produced a
 * bad mode or a relative path), and an exec timeout becomes a failed step, since a slow command
 * is the user's to fix, not a broken connection.
 */
abstract class AbstractModule implements StepModule {

    /** Most modules take everything in their own key's mapping, and no options beside it. */
    @Override
    public Set<String> options() {
        return Set.of();
    }

    @Override
    public final StepResult run(StepContext ctx) throws Exception {
        List<ArgProblem> problems = validate(ctx.args());
        if (!problems.isEmpty()) {
            return StepResult.failed(problems.get(0).message(),
                    problems.stream().map(ArgProblem::message).collect(Collectors.joining("\n")));
        }
        try {
            return alone(ctx);
        } catch (IOException e) {
            if (Connection.isTimeout(e)) {
                return StepResult.timedOut(ctx.timeout(), "");
            }
            throw e;
        }
    }

    /** Wrong arguments are reported by {@link #run}, so a step with them never goes into a batch. */
    @Override
    public final Optional<StepScript> script(StepContext ctx) throws Exception {
        return validate(ctx.args()).isEmpty() ? fragment(ctx) : Optional.empty();
    }

    /** The step's check-and-act as one sh fragment, or empty where {@link #alone} says why. Arguments are valid here. */
    abstract Optional<StepScript> fragment(StepContext ctx) throws Exception;

    /** The step run by itself: its fragment, alone. Arguments are valid here. */
    StepResult alone(StepContext ctx) throws Exception {
        return runAlone(ctx, fragment(ctx).orElseThrow(() -> new IllegalStateException(name() + " gave no fragment")));
    }

    /** The module key's own value as a map, for the modules that take one (their {@code validate} made sure). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> main(Map<String, Object> args) {
        return (Map<String, Object>) args.get(dev.spotplay.playbook.Step.MAIN_ARG);
    }

    /** Runs one fragment as a batch of one, with the step's own timeout. */
    static StepResult runAlone(StepContext ctx, StepScript script) throws IOException {
        ScriptBatch.Outcome o = ScriptBatch.run(ctx.connection(), List.of(new ScriptBatch.Entry(script, ctx.timeout())));
        return o.results().isEmpty() ? StepResult.failed(o.stopped(), "") : o.results().get(0);
    }
}
