package dev.spotplay.modules;

import static org.junit.jupiter.api.Assertions.*;

import dev.spotplay.module.StepResult;
import dev.spotplay.module.StepResult.Outcome;
import dev.spotplay.modules.testing.Node;
import dev.spotplay.playbook.Step;
import dev.spotplay.testing.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Integration
class FileModuleTest {
    @TempDir Path home;
    @TempDir Path playbook;
    Node node;
    final FileModule file = new FileModule();

    @BeforeEach
    void setUp() {
        node = new Node(home, playbook);
    }

    private String perms(String rel) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(rel)));
    }

    @Test
    void validate() {
        assertTrue(file.validate(Map.of(Step.MAIN_ARG, Map.of("path", "/x", "state", "directroy"))).toString()
                .contains("Did you mean \"directory\"?"));
        assertTrue(file.validate(Map.of(Step.MAIN_ARG, Map.of("path", "/", "state", "absent"))).toString().contains("root or home folder"));
        assertTrue(file.validate(Map.of(Step.MAIN_ARG, Map.of("path", "//.", "state", "absent"))).toString().contains("root or home folder"));
        assertTrue(file.validate(Map.of(Step.MAIN_ARG, Map.of("path", "", "state", "absent"))).toString().contains("must be a path on the node"));
        assertTrue(file.validate(Map.of(Step.MAIN_ARG, Map.of("path", "srv"))).isEmpty(), "a relative path is relative to the home folder");
        assertTrue(file.validate(Map.of(Step.MAIN_ARG, Map.of("path", ".", "state", "absent"))).toString().contains("refuses to remove"));
        assertTrue(file.validate(Map.of(Step.MAIN_ARG, Map.of("path", "~/x"))).toString().contains("not expanded"));
        assertTrue(file.validate(Map.of(Step.MAIN_ARG, Map.of("path", "/srv", "mode", "999"))).toString().contains("octal"));
        assertTrue(file.validate(Map.of(Step.MAIN_ARG, Map.of("state", "touch"))).toString().contains("needs \"path\""));
        assertTrue(file.validate(Map.of(Step.MAIN_ARG, Map.of("path", "/srv/data", "mode", "0750"))).isEmpty());
    }

    @Test
    void directoryIsCreatedWithModeThenUnchangedInOneExec() throws Exception {
        Map<String, Object> main = Map.of("path", node.path("srv/data"), "mode", "0750");
        StepResult r = node.run(file, main);
        assertEquals(Outcome.CHANGED, r.outcome(), r.toString());
        assertEquals("created directory " + node.path("srv/data"), r.message());
        assertEquals("rwxr-x---", perms("srv/data"));
        StepResult again = node.run(file, main);
        assertEquals(Outcome.UNCHANGED, again.outcome());
        assertEquals(1, node.conn.roundTrips());
    }

    @Test
    void modeDriftOnADirectoryIsRepaired() throws Exception {
        Files.createDirectories(home.resolve("d"));
        Files.setPosixFilePermissions(home.resolve("d"), PosixFilePermissions.fromString("rwxrwxrwx"));
        StepResult r = node.run(file, Map.of("path", node.path("d"), "state", "directory", "mode", "0700"));
        assertEquals("set mode of " + node.path("d") + " to 0700", r.message());
        assertEquals("rwx------", perms("d"));
    }

    @Test
    void absentRemovesRecursivelyThenIsUnchanged() throws Exception {
        Files.createDirectories(home.resolve("old/a/b"));
        Files.writeString(home.resolve("old/a/b/f"), "x");
        Map<String, Object> main = Map.of("path", node.path("old"), "state", "absent");
        assertEquals(Outcome.CHANGED, node.run(file, main).outcome());
        assertFalse(Files.exists(home.resolve("old")));
        assertEquals(Outcome.UNCHANGED, node.run(file, main).outcome());
    }

    @Test
    void touchCreatesOnceAndFileOnlyChecks() throws Exception {
        Map<String, Object> touch = Map.of("path", node.path("f"), "state", "touch", "mode", "0600");
        StepResult missing = node.run(file, Map.of("path", node.path("f"), "state", "file"));
        assertEquals(Outcome.FAILED, missing.outcome());
        assertTrue(missing.message().contains("use state: touch"));
        assertEquals(Outcome.CHANGED, node.run(file, touch).outcome());
        assertEquals("rw-------", perms("f"));
        assertEquals(Outcome.UNCHANGED, node.run(file, touch).outcome());
        assertEquals(Outcome.UNCHANGED, node.run(file, Map.of("path", node.path("f"), "state", "file")).outcome());
    }

    @Test
    void aFileWhereADirectoryIsDeclaredFailsWithoutTouchingIt() throws Exception {
        Files.writeString(home.resolve("x"), "keep");
        StepResult r = node.run(file, Map.of("path", node.path("x")));
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.message().contains("is a file, not a directory"), r.message());
        assertEquals("keep", Files.readString(home.resolve("x")));
    }

    @Test
    void aFailingActionReportsItsExitCode() throws Exception {
        // A file where a parent folder should be: the check sees "absent", mkdir -p fails.
        Files.writeString(home.resolve("blocker"), "");
        StepResult r = node.run(file, Map.of("path", node.path("blocker/sub")));
        assertEquals(Outcome.FAILED, r.outcome(), r.toString());
        assertTrue(r.message().startsWith("could not make " + node.path("blocker/sub") + " directory (exit 1)"), r.message());
        assertEquals(1, node.conn.execs.size(), "check and action share one round trip");
    }
}
