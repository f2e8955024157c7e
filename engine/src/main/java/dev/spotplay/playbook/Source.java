package dev.spotplay.playbook;

import dev.spotplay.diag.SourceRange;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** The text of a playbook (or an inventory) as read, so that any YAML mark becomes a {@link SourceRange} quoting its line. */
public final class Source {
    private final String file;
    private final String[] lines;

    public Source(String file, String text) {
        this.file = file;
        this.lines = text.split("\r\n|\r|\n", -1);
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

    public SourceRange at(Optional<Mark> mark) {
        return mark.map(m -> at(m.getLine() + 1, m.getColumn() + 1)).orElse(whole());
    }

    public SourceRange at(Node node) {
        return at(node.getStartMark());
    }
}
