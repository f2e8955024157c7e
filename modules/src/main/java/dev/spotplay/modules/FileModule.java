package dev.spotplay.modules;

import dev.spotplay.transport.Shell;
import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepScript;
import dev.spotplay.playbook.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code file: {path, state, mode}}: a folder, a file or nothing at a path. One round trip reads
 * what is there (kind and mode) and acts only if that differs from the declared state.
 */
public final class FileModule extends AbstractModule {
    private static final String EXAMPLE = "`file: {path: /srv/data, state: directory, mode: \"0755\"}`";
    static final List<String> STATES = List.of("directory", "absent", "file", "touch");

    @Override
    public String name() {
        return "file";
    }

    @Override
    public List<ArgProblem> validate(Map<String, Object> args) {
        Args a = new Args(name());
        Map<String, Object> m = a.mainMap(args, Set.of("path", "state", "mode"), Set.of("path"), EXAMPLE);
        if (m == null) {
            return a.problems();
        }
        a.nodePath(m, "path", Step.MAIN_ARG);
        Object state = m.get("state");
        if (state != null && !Args.templated(state) && !STATES.contains(state.toString())) {
            a.problemAt(Step.MAIN_ARG, "state", "file \"state\" must be one of " + String.join(", ", STATES) + ", not " + Args.describe(state)
                    + dev.spotplay.diag.DidYouMean.hint(state.toString(), STATES));
        }
        a.mode(m, "mode", Step.MAIN_ARG);
        if ("absent".equals(state) && m.get("mode") != null) {
            a.problemAt(Step.MAIN_ARG, "mode", "file \"mode\" has no meaning with state: absent; remove it");
        }
        Object path = m.get("path");
        if ("absent".equals(state) && path instanceof String s && !Args.templated(s) && !s.isBlank()
                && (Path.of(s).normalize().toString().isEmpty() || Path.of(s).normalize().toString().equals("/"))) {
            a.problemAt(Step.MAIN_ARG, "path", "file refuses to remove \"" + s + "\" (the root or home folder itself); name the folder to remove");
        }
        return a.problems();
    }

    /** What is there is read (kind and mode), then only what differs from the declared state is done, all in one fragment. */
    @Override
    Optional<StepScript> fragment(StepContext ctx) {
        Map<String, Object> m = main(ctx.args());
        String path = m.get("path").toString();
        String state = m.get("state") == null ? "directory" : m.get("state").toString();
        Integer mode = Args.parseMode(m.get("mode"));
        String want = mode == null ? null : Integer.toOctalString(mode);
        StringBuilder sb = new StringBuilder();
        sb.append("p=").append(Shell.quote(path)).append('\n');
        sb.append("""
                if [ -d "$p" ]; then k=directory; m=$(stat -L -c %a -- "$p")
                elif [ -f "$p" ]; then k=file; m=$(stat -L -c %a -- "$p")
                elif [ -L "$p" ] && [ ! -e "$p" ]; then k=link; m=0
                elif [ -e "$p" ]; then k=other; m=0
                else k=absent; m=0
                fi
                """).append(Fragments.ACT);
        String fail = Fragments.failed("could not make " + path + " " + state);
        String chmod = want == null ? "" : " && act chmod " + want + " -- \"$p\"";
        String modeOk = want == null ? "true" : "[ \"$m\" = " + want + " ]";
        String setMode = want == null ? "" : "act chmod " + want + " -- \"$p\" || " + fail + "\n"
                + Fragments.verdict("changed", "set mode of " + path + " to " + modeNote(mode).strip()) + "exit 0\n";
        switch (state) {
            case "absent" -> sb.append("if [ \"$k\" = absent ]; then ").append(Fragments.verdict("unchanged", path + " already absent"))
                    .append("exit 0; fi\nact rm -rf -- \"$p\" || ").append(fail).append('\n')
                    .append(Fragments.verdict("changed", "removed " + path));
            case "directory" -> sb.append("case $k in\ndirectory)\nif ").append(modeOk).append("; then ")
                    .append(Fragments.verdict("unchanged", path + " is a directory" + modeNote(mode))).append("exit 0; fi\n")
                    .append(setMode).append(";;\nabsent)\nact mkdir -p -- \"$p\"").append(chmod).append(" || ").append(fail).append('\n')
                    .append(Fragments.verdict("changed", "created directory " + path)).append(";;\n")
                    .append(notAIn(path, "directory")).append("esac\n");
            default -> {
                sb.append("case $k in\nfile)\nif ").append(modeOk).append("; then ")
                        .append(Fragments.verdict("unchanged", path + " is a file" + modeNote(mode))).append("exit 0; fi\n")
                        .append(setMode).append(";;\nabsent)\n");
                if (state.equals("file")) {
                    sb.append(Fragments.verdict("failed", path + " does not exist; state: file only checks a file, use state: touch to create it"))
                            .append("exit 1\n");
                } else {
                    sb.append("act touch -- \"$p\"").append(chmod).append(" || ").append(fail).append('\n')
                            .append(Fragments.verdict("changed", "created file " + path));
                }
                sb.append(";;\n").append(notAIn(path, "file")).append("esac\n");
            }
        }
        // rm -rf may print a line for every file it cannot remove: its output goes through the tail.
        return Optional.of(state.equals("absent") ? new StepScript(sb.toString()) : StepScript.bounded(sb.toString()));
    }

    /** The case branches for what is in the way of {@code wanted}, each failing with {@link #notA}'s message. */
    private static String notAIn(String path, String wanted) {
        StringBuilder sb = new StringBuilder();
        for (String kind : List.of("file", "directory", "link", "other")) {
            if (!kind.equals(wanted)) {
                sb.append(kind).append(")\n").append(Fragments.verdict("failed", notA(path, kind, wanted))).append("exit 1;;\n");
            }
        }
        return sb.toString();
    }

    private static String notA(String path, String kind, String wanted) {
        String what = switch (kind) {
            case "file" -> "a file";
            case "directory" -> "a directory";
            case "link" -> "a broken symbolic link";
            default -> "neither a file nor a directory";
        };
        return path + " is " + what + ", not a " + wanted + "; remove it first (state: absent) or choose another path";
    }

    private static String modeNote(Integer mode) {
        return mode == null ? "" : String.format(" %04o", mode);
    }
}
