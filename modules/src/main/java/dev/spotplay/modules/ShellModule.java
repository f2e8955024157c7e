package dev.spotplay.modules;

import dev.spotplay.transport.Shell;
import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepResult;
import dev.spotplay.module.StepScript;
import dev.spotplay.playbook.Step;
import dev.spotplay.transport.ExecResult;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code shell: COMMAND} with {@code creates}, {@code unless}, {@code chdir} and {@code env}.
 *
 * <p>The guard and the command travel in one script, so a step costs one round trip whether
 * it runs or not. When the guard says skip, the script prints a marker made fresh for this run
 * (so no command output can forge it) and exits 0 before the command is started.
 */
public final class ShellModule extends AbstractModule {
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final SecureRandom RANDOM = new SecureRandom();

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

    @Override
    StepResult apply(StepContext ctx) throws Exception {
        String marker = "spotplay-skip-" + HexFormat.of().formatHex(randomBytes());
        ExecResult r = exec(ctx, script(ctx.args(), marker));
        String out = r.stdout().strip();
        if (r.ok() && out.startsWith(marker + " ")) {
            return out.endsWith(" creates")
                    ? StepResult.unchanged("skipped: " + ctx.string("creates") + " exists")
                    : StepResult.unchanged("skipped: unless command succeeded");
        }
        if (!r.ok()) {
            return StepResult.failed("exit " + r.exitCode(), r.tail(TAIL_LINES));
        }
        return StepResult.changed("exit 0", r.tail(TAIL_LINES));
    }

    /** The same guards and command, reporting on fd 3, the command kept away from it. */
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
        // eval, not sh -c: the fragment's own subshell already isolates the command (a syntax error
        // or an exit ends only this step, with its status), and a shell less per step is a
        // process less on every node.
        sb.append("eval ").append(Shell.quote(args.get(Step.MAIN_ARG).toString())).append(" </dev/null 3>&-\n");
        sb.append("rc=$?\n[ $rc -ne 0 ] || ").append(Fragments.verdict("changed", "exit 0")).append("exit $rc\n");
        return Optional.of(new StepScript(sb.toString()));
    }

    /** The guard and the command as one sh script. Package-private for tests and --debug. */
    static String script(Map<String, Object> args, String marker) {
        StringBuilder sb = new StringBuilder();
        prelude(args, sb);
        Object creates = args.get("creates");
        if (creates != null) {
            sb.append("if [ -e ").append(Shell.quote(creates.toString())).append(" ]; then echo ").append(marker).append(" creates; exit 0; fi\n");
        }
        Object unless = args.get("unless");
        if (unless != null) {
            sb.append("if sh -c ").append(Shell.quote(unless.toString())).append(" </dev/null >/dev/null 2>&1; then echo ")
                    .append(marker).append(" unless; exit 0; fi\n");
        }
        // sh -c keeps a syntax error in the command from hiding the guard, and </dev/null keeps a
        // command that reads stdin from waiting on a channel nobody writes to.
        sb.append("exec sh -c ").append(Shell.quote(args.get(Step.MAIN_ARG).toString())).append(" </dev/null\n");
        return sb.toString();
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
            sb.append("cd -- ").append(dir).append(" || { echo \"spotplay: cannot enter chdir ").append(dir.replace("\"", "\\\""))
                    .append("\" >&2; exit 1; }\n");
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }
}
