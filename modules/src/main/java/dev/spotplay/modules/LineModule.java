package dev.spotplay.modules;

import dev.spotplay.transport.Shell;
import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepResult;
import dev.spotplay.module.StepScript;
import dev.spotplay.playbook.Step;
import dev.spotplay.transport.ExecResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code line: {path, line, regexp}}: one line present in a text file, as Ansible's lineinfile.
 * The check fetches the file and decides here (Java regex semantics, the same on every node);
 * the action writes the whole new text through one exec that keeps the file's mode and owner
 * and replaces it atomically.
 */
public final class LineModule extends AbstractModule {
    private static final String EXAMPLE = "`line: {path: /etc/hosts, line: \"10.0.0.5 head\", regexp: \" head$\"}`";

    // Reads the new text from stdin; a temp file beside the target keeps mv atomic.
    private static final String WRITE = """
            set -e
            p=%s
            d=$(dirname -- "$p")
            mkdir -p -- "$d"
            t=$(mktemp "$d/.spotplay-line.XXXXXX")
            trap 'rm -f -- "$t"' EXIT
            cat > "$t"
            if [ -e "$p" ]; then
              chmod --reference="$p" -- "$t"
              chown --reference="$p" -- "$t" 2>/dev/null || true
            else
              chmod 644 -- "$t"
            fi
            mv -f -- "$t" "$p"
            trap - EXIT
            """;

    @Override
    public String name() {
        return "line";
    }

    @Override
    public List<ArgProblem> validate(Map<String, Object> args) {
        Args a = new Args(name());
        Map<String, Object> m = a.mainMap(args, Set.of("path", "line", "regexp"), Set.of("path", "line"), EXAMPLE);
        if (m == null) {
            return a.problems();
        }
        a.nodePath(m, "path", Step.MAIN_ARG);
        Object line = m.get("line");
        if (line != null && !(line instanceof String || line instanceof Number || line instanceof Boolean)) {
            a.problemAt(Step.MAIN_ARG, "line", "line \"line\" must be one line of text, not " + Args.describe(line));
        } else if (line != null && line.toString().indexOf('\n') >= 0) {
            a.problemAt(Step.MAIN_ARG, "line", "line \"line\" must be a single line; use one step per line, or copy/template for a whole file");
        }
        String regexp = a.string(m, "regexp", Step.MAIN_ARG, "a regular expression");
        if (regexp != null && !Args.templated(regexp)) {
            try {
                Pattern.compile(regexp);
            } catch (PatternSyntaxException e) {
                a.problemAt(Step.MAIN_ARG, "regexp", "line \"regexp\" is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
            }
        }
        return a.problems();
    }

    @Override
    @SuppressWarnings("unchecked")
    StepResult apply(StepContext ctx) throws Exception {
        Map<String, Object> m = (Map<String, Object>) ctx.args().get(Step.MAIN_ARG);
        String path = m.get("path").toString();
        String line = m.get("line").toString();
        Pattern regexp = m.get("regexp") == null ? null : Pattern.compile(m.get("regexp").toString());

        String text;
        try {
            text = new String(ctx.connection().fetch(path, ctx.timeout()), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            text = null;
        } catch (FileSystemException e) {
            return StepResult.failed("cannot read " + path + ": " + e.getReason(), "");
        }
        Edit edit = edit(text, line, regexp);
        if (edit.message() == null) {
            return StepResult.unchanged("line present in " + path);
        }
        ExecResult r = exec(ctx, WRITE.formatted(Shell.quote(path)), edit.text().getBytes(StandardCharsets.UTF_8));
        return r.ok() ? StepResult.changed(edit.message() + " " + path) : failed("could not write " + path, r);
    }

    /**
     * Without {@code regexp}, the same edit in sh: {@code grep -x -F} finds the exact line, else
     * it is appended (after a line break if the file lacks a final one) to a copy that keeps the
     * file's mode and owner and replaces it atomically. With {@code regexp}, empty: the match
     * must follow Java's rules, so {@link #apply} decides here.
     */
    @Override
    @SuppressWarnings("unchecked")
    Optional<StepScript> fragment(StepContext ctx) {
        Map<String, Object> m = (Map<String, Object>) ctx.args().get(Step.MAIN_ARG);
        if (m.get("regexp") != null) {
            return Optional.empty();
        }
        String path = m.get("path").toString();
        String fail = Fragments.verdict("failed", "could not write " + path) + "exit 1";
        String script = "p=" + Shell.quote(path) + "\nl=" + Shell.quote(m.get("line").toString()) + "\n"
                + "if [ -e \"$p\" ] && [ ! -f \"$p\" ]; then " + Fragments.verdict("failed", "cannot read " + path + ": not a regular file")
                + "exit 1; fi\n"
                + "if [ -f \"$p\" ] && grep -qxF -e \"$l\" -- \"$p\"; then " + Fragments.verdict("unchanged", "line present in " + path)
                + "exit 0; fi\n"
                + FileSync.DIR_OF_P + "t=\"$d/.${p##*/}.spotplay-tmp.$$\"\n"
                + "[ -d \"$d\" ] || mkdir -p -- \"$d\" || { " + fail + "; }\n"
                + "if [ -f \"$p\" ]; then\n"
                + "  { cat -- \"$p\" && { [ ! -s \"$p\" ] || [ -z \"$(tail -c 1 -- \"$p\")\" ] || echo; } && printf '%s\\n' \"$l\"; } >\"$t\""
                + " && chmod --reference=\"$p\" -- \"$t\" || { rm -f -- \"$t\"; " + fail + "; }\n"
                + "  chown --reference=\"$p\" -- \"$t\" 2>/dev/null\n  v=" + Shell.quote("appended to " + path) + "\n"
                + "else\n  (umask 022; printf '%s\\n' \"$l\" >\"$t\") || { rm -f -- \"$t\"; " + fail + "; }\n"
                + "  v=" + Shell.quote("created " + path) + "\nfi\n"
                + "mv -f -- \"$t\" \"$p\" || { rm -f -- \"$t\"; " + fail + "; }\n"
                + "printf 'changed %s\\n' \"$v\" >&3\n";
        return Optional.of(new StepScript(script));
    }

    /** The new text and what changed, or a null message when the line is already as declared. */
    record Edit(String text, String message) {}

    static Edit edit(String text, String line, Pattern regexp) {
        List<String> lines = new ArrayList<>();
        if (text != null && !text.isEmpty()) {
            lines.addAll(Arrays.asList((text.endsWith("\n") ? text.substring(0, text.length() - 1) : text).split("\n", -1)));
        }
        if (regexp != null) {
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (regexp.matcher(lines.get(i)).find()) {
                    if (lines.get(i).equals(line)) {
                        return new Edit(text, null);
                    }
                    lines.set(i, line);
                    return new Edit(join(lines), "replaced line " + (i + 1) + " of");
                }
            }
        }
        if (lines.contains(line)) {
            return new Edit(text, null);
        }
        lines.add(line);
        return new Edit(join(lines), text == null ? "created" : "appended to");
    }

    private static String join(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }
}
