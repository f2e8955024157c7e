package dev.spotplay.playbook;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spotplay.diag.Diagnostic;
import dev.spotplay.diag.DiagnosticException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a playbook into a folder and loads it with the test modules. */
final class Fixtures {
    private Fixtures() {}

    static Path write(Path dir, String yaml) {
        return write(dir, yaml.getBytes(StandardCharsets.UTF_8));
    }

    static Path write(Path dir, byte[] bytes) {
        try {
            Path file = dir.resolve("cluster.yml");
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PlaybookLoader.Loaded load(Path dir, String yaml) {
        return PlaybookLoader.load(write(dir, yaml), TestModules.catalog());
    }

    static List<Diagnostic> errors(Path file) {
        DiagnosticException e = assertThrows(DiagnosticException.class, () -> PlaybookLoader.load(file, TestModules.catalog()));
        return e.diagnostics().errors();
    }

    /** The error whose summary or detail contains {@code expected}; fails listing all errors if none does. */
    static Diagnostic errorContaining(List<Diagnostic> errors, String expected) {
        return errors.stream()
                .filter(d -> (d.summary() + "\n" + d.detail()).contains(expected))
                .findFirst()
                .orElseGet(() -> fail("no error contains [" + expected + "]; got:\n"
                        + String.join("\n", errors.stream().map(Diagnostic::render).toList())));
    }
}
