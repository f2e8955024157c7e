package dev.spotplay.modules;

import dev.spotplay.transport.Shell;
import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepResult;
import dev.spotplay.module.StepScript;
import dev.spotplay.playbook.Step;
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
 * Without {@code regexp} the step is one fragment: {@code grep -x -F} finds the exact line, else
 * it is appended. With {@code regexp} it cannot be: the match follows Java's rules (the same on
 * every node, unlike the nodes' greps), so the text is fetched and the edit decided here, and
 * only the writing is a fragment. Both write the same way ({@link #replace}): a copy beside the
 * file that keeps its mode and owner, renamed over it.
 */
public final class LineModule extends AbstractModule {
    private static final String EXAMPLE = "`line: {path: /etc/hosts, line: \"10.0.0.5 head\", regexp: \" head$\"}`";

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

    /** With {@code regexp}: fetch, decide here, and write only if the edit changes something. */
    @Override
    StepResult alone(StepContext ctx) throws Exception {
        Map<String, Object> m = main(ctx.args());
        if (m.get("regexp") == null) {
            return super.alone(ctx);
        }
        String path = m.get("path").toString();
        String text;
        try {
            text = new String(ctx.connection().fetch(path, ctx.timeout()), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            text = null;
        } catch (FileSystemException e) {
            return StepResult.failed("cannot read " + path + ": " + e.getReason(), "");
        }
        Edit edit = edit(text, m.get("line").toString(), Pattern.compile(m.get("regexp").toString()));
        if (edit.message() == null) {
            return StepResult.unchanged("line present in " + path);
        }
        Content content = Content.of(edit.text().getBytes(StandardCharsets.UTF_8));
        return runAlone(ctx, StepScript.bounded(replace(path, Fragments.data(content, "\"$t\""),
                Fragments.verdict("changed", edit.message() + " " + path))));
    }

    /** Without {@code regexp}, the whole step; with it, empty ({@link #alone} says why). */
    @Override
    Optional<StepScript> fragment(StepContext ctx) {
        Map<String, Object> m = main(ctx.args());
        if (m.get("regexp") != null) {
            return Optional.empty();
        }
        String path = m.get("path").toString();
        String check = "l=" + Shell.quote(m.get("line").toString()) + "\n"
                + "if [ -e \"$p\" ] && [ ! -f \"$p\" ]; then " + Fragments.verdict("failed", "cannot read " + path + ": not a regular file")
                + "exit 1; fi\n"
                + "if [ -f \"$p\" ] && grep -qxF -e \"$l\" -- \"$p\"; then " + Fragments.verdict("unchanged", "line present in " + path)
                + "exit 0; fi\n"
                + "if [ -f \"$p\" ]; then v=" + Shell.quote("appended to " + path) + "; else v=" + Shell.quote("created " + path) + "; fi\n";
        // The old text, a line break if it lacks a final one, the line.
        String fill = "if [ -f \"$p\" ]; then { cat -- \"$p\" && { [ ! -s \"$p\" ] || [ -z \"$(tail -c 1 -- \"$p\")\" ] || echo; }"
                + " && printf '%s\\n' \"$l\"; } >\"$t\"; else printf '%s\\n' \"$l\" >\"$t\"; fi\n";
        return Optional.of(StepScript.bounded(replace(path, check, fill, "printf 'changed %s\\n' \"$v\" >&3\n")));
    }

    private static String replace(String path, String fill, String verdict) {
        return replace(path, "", fill, verdict);
    }

    /**
     * {@code check} (with {@code $p} set to the path), then the file replaced by what {@code fill}
     * writes to {@code "$t"} (a command ending with a line break): {@code $t} is made beside it
     * under umask 077, given the file's mode and owner (a new file: 644, from umask 022), renamed over it.
     */
    private static String replace(String path, String check, String fill, String verdict) {
        String fail = Fragments.failed("could not write " + path);
        return "p=" + Shell.quote(path) + "\n" + check + Fragments.ACT + FileSync.DIR_OF_P + "t=\"$d/.${p##*/}.spotplay-tmp.$$\"\n"
                + "[ -d \"$d\" ] || act mkdir -p -- \"$d\" || " + fail + "\n"
                // A new file gets 644 from the umask it is written under (no chmod), once no leftover temp file holds another mode.
                + "[ ! -e \"$t\" ] || rm -f -- \"$t\"; if [ -f \"$p\" ]; then u_=077; else u_=022; fi\n"
                + "o=; (umask $u_; " + fill + ") || { r=$?; rm -f -- \"$t\"; " + fail + "; }\n"
                + "if [ -f \"$p\" ]; then act chmod --reference=\"$p\" -- \"$t\" && { chown --reference=\"$p\" -- \"$t\" 2>/dev/null || :; }"
                + "; fi || { rm -f -- \"$t\"; " + fail + "; }\n"
                + "act mv -f -- \"$t\" \"$p\" || { rm -f -- \"$t\"; " + fail + "; }\n"
                + verdict;
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
