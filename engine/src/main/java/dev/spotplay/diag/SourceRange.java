package dev.spotplay.diag;

/**
 * Where something was written: a file, a 1-based line and column, and the text of that line
 * (kept so a diagnostic can quote it without reading the file again).
 */
public record SourceRange(String file, int line, int column, String sourceLine) {

    public static final SourceRange NONE = new SourceRange("", 0, 0, "");

    public boolean isKnown() {
        return line > 0;
    }

    /** {@code FILE:LINE:COLUMN}, the form editors and terminals turn into links. */
    public String location() {
        return isKnown() ? file + ":" + line + ":" + column : file;
    }
}
