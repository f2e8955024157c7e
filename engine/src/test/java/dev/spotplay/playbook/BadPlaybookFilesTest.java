package dev.spotplay.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.Diagnostic;
import dev.spotplay.diag.DiagnosticException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each file under playbook/bad/ says in its first line, "# expect: LINE:COLUMN message", the error
 * it must produce; beside it, NAME.txt holds the whole block a user reads (every diagnostic, with
 * its source excerpt and caret), rewritten with {@code -Dspotplay.golden.update=true}.
 */
class BadPlaybookFilesTest {
    private static final Pattern EXPECT = Pattern.compile("# expect: (\\d+):(\\d+) (.+)");

    static Stream<Path> files() throws IOException, URISyntaxException {
        Path folder = Path.of(BadPlaybookFilesTest.class.getResource("/playbook/bad").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        assertTrue(files.size() >= 6, "expected at least 6 bad playbooks, found " + files.size());
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void producesTheErrorItsCommentNames(Path file) throws IOException {
        Matcher m = EXPECT.matcher(Files.readAllLines(file).get(0));
        assertTrue(m.matches(), "first line must be '# expect: LINE:COLUMN message' in " + file);
        Diagnostic d = Fixtures.errorContaining(Fixtures.errors(file), m.group(3));
        assertEquals(m.group(1) + ":" + m.group(2), d.range().line() + ":" + d.range().column(), d::render);

        DiagnosticException e = assertThrows(DiagnosticException.class, () -> PlaybookLoader.load(file, TestModules.catalog()));
        String block = e.diagnostics().render().replace(file.getParent().toString(), "DIR");
        Path golden = Path.of("src/test/resources/playbook/bad").resolve(file.getFileName().toString().replace(".yml", ".txt"));
        if (Boolean.getBoolean("spotplay.golden.update")) {
            Files.writeString(golden, block);
        }
        assertEquals(Files.readString(golden), block, "golden file " + golden);
    }
}
