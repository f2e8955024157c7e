package dev.spotplay.modules;

import dev.spotplay.transport.Shell;
import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepScript;
import dev.spotplay.playbook.Step;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code shell: COMMAND} with {@code creates}, {@code unless}, {@code chdir} and {@code env}.
 *
 * <p>The guards and the command travel in one fragment, so a step costs one round trip whether
 * it runs or not. When a guard says skip, the fragment says so on fd 3, which the user's
 * commands never see (so no command output can forge it), before the command is started.
 */
public final class ShellModule extends AbstractModule {
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    @Override
    public String name() {
        return "shell";
    }

    @Override
    public Set<String> options() {
        return Set.of("creates", "unless", "chdir", "env");
    }

    @Override
    public List<ArgProblem> validate(Map<String, Object> args) {
        Args a = new Args(name());
        Object cmd = args.get(Step.MAIN_ARG);
        if (!(cmd instanceof String s) || s.isBlank()) {
            a.problem(Step.MAIN_ARG, "shell takes a command line, for example `shell: ./fetch.sh /srv/data`, not " + Args.describe(cmd));
        }
        a.string(args, "creates", "creates", "a path on the node whose existence means the command already ran");
        a.string(args, "unless", "unless", "a command line; exit 0 means the command need not run");
        a.string(args, "chdir", "chdir", "a folder on the node to run the command in");
        Object env = args.get("env");
        if (env != null && !(env instanceof Map)) {
            a.problem("env", "shell option \"env\" must be a map of NAME: value, for example `env: {LANG: C.UTF-8}`, not " + Args.describe(env));
        } else if (env instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String n = String.valueOf(e.getKey());
                if (!ENV_NAME.matcher(n).matches()) {
                    a.problem(ArgProblem.keyInside("env", List.of(n), "environment variable name \"" + n
                            + "\" is not valid: use letters, digits and _, not starting with a digit"));
                }
                Object v = e.getValue();
                if (v == null || v instanceof Map || v instanceof List) {
                    a.problem(ArgProblem.inside("env", List.of(n), "environment variable " + n
                            + " must have a text, number or boolean value, not " + Args.describe(v)));
                }
            }
        }
        return a.problems();
    }

    /** The guards, then the command, kept away from fd 3: one round trip whether it runs or not. */
    @Override
    Optional<StepScript> fragment(StepContext ctx) {
        Map<String, Object> args = ctx.args();
        StringBuilder sb = new StringBuilder();
        prelude(args, sb);
        Object creates = args.get("creates");
        if (creates != null) {
            sb.append("if [ -e ").append(Shell.quote(creates.toString())).append(" ]; then ")
                    .append(Fragments.verdict("unchanged", "skipped: " + creates + " exists")).append("exit 0; fi\n");
        }
        Object unless = args.get("unless");
        if (unless != null) {
            sb.append("if sh -c ").append(Shell.quote(unless.toString())).append(" </dev/null >/dev/null 2>&1 3>&-; then ")
                    .append(Fragments.verdict("unchanged", "skipped: unless command succeeded")).append("exit 0; fi\n");
        }
        // eval, not sh -c: the fragment's own shell already isolates the command (a syntax error
        // or an exit ends only this step, with its status), and a shell less per step is a
        // process less on every node. </dev/null keeps a command that reads stdin from waiting.
        sb.append("eval ").append(Shell.quote(args.get(Step.MAIN_ARG).toString())).append(" </dev/null 3>&-\n");
        sb.append("rc=$?\n[ $rc -ne 0 ] || ").append(Fragments.verdict("changed", "exit 0")).append("exit $rc\n");
        return Optional.of(new StepScript(sb.toString()));
    }

    /** {@code export} of {@code env}, then {@code cd} to {@code chdir}: what guards and command share. */
    private static void prelude(Map<String, Object> args, StringBuilder sb) {
        if (args.get("env") instanceof Map<?, ?> env) {
            for (Map.Entry<?, ?> e : env.entrySet()) {
                sb.append("export ").append(e.getKey()).append('=').append(Shell.quote(String.valueOf(e.getValue()))).append('\n');
            }
        }
        Object chdir = args.get("chdir");
        if (chdir != null) {
            String dir = Shell.quote(chdir.toString());
            // The message is printf's argument, never shell text: a chdir holding $(...) is only shown.
            sb.append("cd -- ").append(dir).append(" || { printf 'spotplay: cannot enter chdir %s\\n' ").append(dir)
                    .append(" >&2; exit 1; }\n");
        }
    }
}
