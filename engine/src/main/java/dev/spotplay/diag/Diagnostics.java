package dev.spotplay.diag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A collector of diagnostics, so that all of a user's mistakes are reported in one round. */
public final class Diagnostics {
    private final List<Diagnostic> items = new ArrayList<>();

    public void add(Diagnostic d) {
        items.add(d);
    }

    public void error(SourceRange range, String summary, String detail) {
        add(Diagnostic.error(range, summary, detail));
    }

    public void warning(SourceRange range, String summary, String detail) {
        add(Diagnostic.warning(range, summary, detail));
    }

    public void addAll(Diagnostics other) {
        items.addAll(other.items);
    }

    public boolean hasErrors() {
        return items.stream().anyMatch(Diagnostic::isError);
    }

    public List<Diagnostic> all() {
        return Collections.unmodifiableList(items);
    }

    public List<Diagnostic> errors() {
        return items.stream().filter(Diagnostic::isError).toList();
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : items) {
            out.append(d.render()).append('\n');
        }
        return out.toString();
    }

    /** Throws {@link DiagnosticException} if any error was collected. */
    public void throwIfErrors() {
        if (hasErrors()) {
            throw new DiagnosticException(this);
        }
    }
}
