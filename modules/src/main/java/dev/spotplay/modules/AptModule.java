package dev.spotplay.modules;

import dev.spotplay.transport.Shell;
import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepResult;
import dev.spotplay.playbook.Step;
import dev.spotplay.transport.ExecResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code apt: NAME | [NAMES]} with {@code update_cache}: Debian packages installed. One script
 * asks dpkg which are missing (or at another version than a pinned {@code name=version}) and, in
 * the same round trip, installs only those; a node where all are present costs one exec and
 * never touches the package lists.
 */
public final class AptModule extends AbstractModule {
    static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]*(=[A-Za-z0-9.+~:-]+)?");
    static final String UNCHANGED = "spotplay-apt: all installed";
    static final String INSTALLING = "spotplay-apt: installing";

    private static final String SCRIPT = """
            missing=
            for p in %s; do
              n=${p%%%%=*}; want=${p#"$n"}; want=${want#=}
              set -- $(dpkg-query -W -f='${Status} ${Version}' "$n" 2>/dev/null) x x x x
              if [ "$3" != installed ] || { [ -n "$want" ] && [ "$4" != "$want" ]; }; then missing="$missing $p"; fi
            done
            if [ -z "$missing" ]; then echo '%s'; exit 0; fi
            echo "%s$missing"
            sudo=; [ "$(id -u)" = 0 ] || sudo='sudo -n'
            export DEBIAN_FRONTEND=noninteractive
            %s$sudo apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 $missing
            """;

    @Override
    public String name() {
        return "apt";
    }

    @Override
    public Set<String> options() {
        return Set.of("update_cache");
    }

    @Override
    public List<ArgProblem> validate(Map<String, Object> args) {
        Args a = new Args(name());
        Object main = args.get(Step.MAIN_ARG);
        String takes = "apt takes a package name or a list of them, for example `apt: nfs-common` or `apt: [htop, nfs-common]`";
        if (main == null || main instanceof Map || (main instanceof List<?> l && l.isEmpty())) {
            a.problem(Step.MAIN_ARG, takes + ", not " + (main instanceof List ? "an empty list" : Args.describe(main)));
            return a.problems();
        }
        List<?> names = main instanceof List<?> l ? l : List.of(main);
        for (int i = 0; i < names.size(); i++) {
            Object n = names.get(i);
            if (Args.templated(n)) {
                continue;
            }
            if (!(n instanceof String s) || !PACKAGE.matcher(s).matches()) {
                String message = "apt package " + Args.describe(n) + " is not a Debian package name: " + takes + ", each of lowercase "
                        + "letters, digits and + . - (like nfs-common), optionally pinned =VERSION (like htop=3.2.2-2)";
                a.problem(main instanceof List ? ArgProblem.inside(Step.MAIN_ARG, List.of(String.valueOf(i)), message)
                        : new ArgProblem(Step.MAIN_ARG, message));
            }
        }
        Object update = args.get("update_cache");
        if (update != null && !(update instanceof Boolean) && !Args.templated(update)
                && !"true".equals(update) && !"false".equals(update)) {
            a.problem("update_cache", "apt option \"update_cache\" must be true or false, not " + Args.describe(update));
        }
        return a.problems();
    }

    @Override
    StepResult apply(StepContext ctx) throws Exception {
        ExecResult r = exec(ctx, script(ctx.args()));
        String first = r.stdout().lines().findFirst().orElse("");
        List<String> names = names(ctx.args());
        if (r.ok() && first.equals(UNCHANGED)) {
            return StepResult.unchanged(names.size() == 1 ? names.get(0) + " installed" : names.size() + " packages installed");
        }
        if (!first.startsWith(INSTALLING)) {
            return failed("checking packages with dpkg-query failed", r);
        }
        String missing = first.substring(INSTALLING.length()).strip();
        if (!r.ok()) {
            return StepResult.failed("apt-get could not install " + missing + " (exit " + r.exitCode() + ")", r.tail(TAIL_LINES));
        }
        return StepResult.changed("installed " + missing, r.tail(TAIL_LINES));
    }

    static String script(Map<String, Object> args) {
        String words = names(args).stream().map(Shell::quote).collect(Collectors.joining(" "));
        boolean update = Boolean.parseBoolean(String.valueOf(args.get("update_cache")));
        String updateLine = update ? "$sudo apt-get update -q || exit $?\n" : "";
        return SCRIPT.formatted(words, UNCHANGED, INSTALLING, updateLine);
    }

    private static List<String> names(Map<String, Object> args) {
        Object main = args.get(Step.MAIN_ARG);
        return main instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(main));
    }
}
