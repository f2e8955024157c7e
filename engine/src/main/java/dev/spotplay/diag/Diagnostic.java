package dev.spotplay.diag;

/**
 * One thing wrong (or worth a warning) in what the user wrote.
 *
 * @param summary a short title, e.g. "Unsupported key"
 * @param detail  what is wrong and what would be right, e.g. "A key named "instnace_type" is
 *                not expected here. Did you mean "instance_type"?"
 */
public record Diagnostic(Severity severity, String summary, String detail, SourceRange range) {

    public enum Severity { ERROR, WARNING }

    public static Diagnostic error(SourceRange range, String summary, String detail) {
        return new Diagnostic(Severity.ERROR, summary, detail, range);
    }

    public static Diagnostic warning(SourceRange range, String summary, String detail) {
        return new Diagnostic(Severity.WARNING, summary, detail, range);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * Renders as
     * <pre>
     * Error: cluster.yml:7:5: Unsupported key
     *    7 |     instnace_type: t3.small
     *      |     ^
     * A key named "instnace_type" is not expected here. Did you mean "instance_type"?
     * </pre>
     */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(severity == Severity.ERROR ? "Error: " : "Warning: ");
        if (range != null && !range.file().isEmpty()) {
            out.append(range.location()).append(": ");
        }
        out.append(summary).append('\n');
        if (range != null && range.isKnown() && range.sourceLine() != null && !range.sourceLine().isEmpty()) {
            String number = String.valueOf(range.line());
            String gutter = " ".repeat(number.length());
            String line = range.sourceLine().replace('\t', ' ');
            out.append("  ").append(number).append(" | ").append(line).append('\n');
            int caret = Math.max(0, Math.min(range.column() - 1, line.length()));
            out.append("  ").append(gutter).append(" | ").append(" ".repeat(caret)).append("^\n");
        }
        if (detail != null && !detail.isEmpty()) {
            out.append(detail).append('\n');
        }
        return out.toString();
    }
}
