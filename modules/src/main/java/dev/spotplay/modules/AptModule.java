package dev.spotplay.modules;

import dev.spotplay.transport.Shell;
import dev.spotplay.module.StepContext;
import dev.spotplay.playbook.Step;
import dev.spotplay.module.StepScript;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code apt: NAME | [NAMES]} with {@code update_cache}: Debian packages installed. One fragment
 * asks dpkg which are missing (or at another version than a pinned {@code name=version}) and, in
 * the same round trip, installs only those; a node where all are present costs one exec and
 * never touches the package lists.
 */
public final class AptModule extends AbstractModule {
    static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]*(=[A-Za-z0-9.+~:-]+)?");

    // %1$s the quoted names, %2$s the message when all are there, %3$s the update line.
    private static final String SCRIPT = """
            missing=
            for p in %1$s; do
              n=${p%%%%=*}; want=${p#"$n"}; want=${want#=}
              set -- $(dpkg-query -W -f='${Status} ${Version}' "$n" 2>/dev/null) x x x x
              if [ "$3" != installed ] || { [ -n "$want" ] && [ "$4" != "$want" ]; }; then missing="$missing $p"; fi
            done
            if [ -z "$missing" ]; then printf '%%s\\n' %2$s >&3; exit 0; fi
            missing=${missing# }
            sudo=; [ "$(id -u)" = 0 ] || sudo='sudo -n'
            export DEBIAN_FRONTEND=noninteractive
            { %3$s$sudo apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 $missing; } 3>&-
            r=$?
            if [ $r -ne 0 ]; then printf 'failed apt-get could not install %%s (exit %%d)\\n' "$missing" $r >&3; exit $r; fi
            printf 'changed installed %%s\\n' "$missing" >&3
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
    Optional<StepScript> fragment(StepContext ctx) {
        Map<String, Object> args = ctx.args();
        List<String> names = names(args);
        String words = names.stream().map(Shell::quote).collect(Collectors.joining(" "));
        String unchanged = "unchanged " + (names.size() == 1 ? names.get(0) + " installed" : names.size() + " packages installed");
        boolean update = Boolean.parseBoolean(String.valueOf(args.get("update_cache")));
        String updateLine = update ? "$sudo apt-get update -q && " : "";
        return Optional.of(new StepScript(SCRIPT.formatted(words, Shell.quote(unchanged), updateLine)));
    }

    private static List<String> names(Map<String, Object> args) {
        Object main = args.get(Step.MAIN_ARG);
        return main instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(main));
    }
}
