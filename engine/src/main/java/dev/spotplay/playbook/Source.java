package dev.spotplay.playbook;

import dev.spotplay.diag.SourceRange;
import java.nio.file.Path;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** The text of a playbook (or an inventory) as read, so that any YAML mark becomes a {@link SourceRange} quoting its line. */
public final class Source {
    private final String file;
    private final String text;
    private final String[] lines;

    public Source(String file, String text) {
        this.file = file;
        this.text = text;
        this.lines = text.split("\r\n|\r|\n", -1);
    }

    /** A file as a person would name it in a message: relative to the current folder when it is inside it. */
    public static String label(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    public String file() {
        return file;
    }

    /** The whole file, for problems that have no position (too large, empty). */
    public SourceRange whole() {
        return new SourceRange(file, 0, 0, "");
    }

    /** {@code line} and {@code column} are 1-based. */
    public SourceRange at(int line, int column) {
        String text = line >= 1 && line <= lines.length ? lines[line - 1] : "";
        return new SourceRange(file, line, column, text);
    }

    /** The place of a 0-based character offset into the text (the start of the file if out of range). */
    public SourceRange atOffset(int offset) {
        int line = 1;
        int lineStart = 0;
        int end = Math.max(0, Math.min(offset, text.length()));
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                lineStart = i + 1;
            }
        }
        return at(line, end - lineStart + 1);
    }

    public SourceRange at(Optional<Mark> mark) {
        return mark.map(m -> at(m.getLine() + 1, m.getColumn() + 1)).orElse(whole());
    }

    public SourceRange at(Node node) {
        return at(node.getStartMark());
    }
}
