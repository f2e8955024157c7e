package dev.spotplay.diag;

/** Thrown when what the user wrote has errors; carries all of them. The CLI prints them and exits 1. */
public final class DiagnosticException extends RuntimeException {
    private final transient Diagnostics diagnostics;

    public DiagnosticException(Diagnostics diagnostics) {
        super(diagnostics.errors().size() + " error(s)");
        this.diagnostics = diagnostics;
    }

    public Diagnostics diagnostics() {
        return diagnostics;
    }
}
