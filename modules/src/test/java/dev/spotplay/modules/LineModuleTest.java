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
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Integration
class LineModuleTest {
    @TempDir Path home;
    @TempDir Path playbook;
    Node node;
    final LineModule line = new LineModule();

    @BeforeEach
    void setUp() {
        node = new Node(home, playbook);
    }

    @Test
    void validate() {
        assertTrue(line.validate(Map.of(Step.MAIN_ARG, Map.of("path", "/etc/x", "line", "a\nb"))).toString().contains("single line"));
        assertTrue(line.validate(Map.of(Step.MAIN_ARG, Map.of("path", "/etc/x", "line", "a", "regexp", "(["))).toString()
                .contains("not a valid regular expression"));
        assertTrue(line.validate(Map.of(Step.MAIN_ARG, Map.of("path", "/etc/x"))).toString().contains("needs \"line\""));
        assertTrue(line.validate(Map.of(Step.MAIN_ARG, "/etc/x")).toString().contains("line takes a map"));
        assertTrue(line.validate(Map.of(Step.MAIN_ARG, Map.of("path", "/etc/x", "line", "a=1", "regexp", "^a="))).isEmpty());
    }

    @Test
    void editRules() {
        assertNull(LineModule.edit("a\nb\n", "b", null).message());
        assertEquals("a\nb\nc\n", LineModule.edit("a\nb", "c", null).text());
        assertEquals("x=1\nx=2\n", LineModule.edit("x=1\nx=0\n", "x=2", Pattern.compile("^x=")).text(), "replaces the last match");
        assertNull(LineModule.edit("x=2\n", "x=2", Pattern.compile("^x=")).message());
        assertEquals("c\n", LineModule.edit(null, "c", null).text());
        assertEquals("created", LineModule.edit(null, "c", null).message());
    }

    @Test
    void createsThenIsUnchanged() throws Exception {
        Map<String, Object> main = Map.of("path", node.path("etc/app/conf"), "line", "port=80");
        StepResult r = node.run(line, main);
        assertEquals(Outcome.CHANGED, r.outcome(), r.toString());
        assertEquals("port=80\n", Files.readString(home.resolve("etc/app/conf")));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("etc/app/conf"))));
        StepResult again = node.run(line, main);
        assertEquals(Outcome.UNCHANGED, again.outcome());
        assertEquals(1, node.conn.roundTrips());
    }

    @Test
    void appendsToAnExistingFileKeepingItsMode() throws Exception {
        Files.writeString(home.resolve("hosts"), "127.0.0.1 localhost");
        Files.setPosixFilePermissions(home.resolve("hosts"), PosixFilePermissions.fromString("rw-------"));
        StepResult r = node.run(line, Map.of("path", node.path("hosts"), "line", "10.0.0.5 head"));
        assertEquals("appended to " + node.path("hosts"), r.message());
        assertEquals("127.0.0.1 localhost\n10.0.0.5 head\n", Files.readString(home.resolve("hosts")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("hosts"))));
        try (var s = Files.list(home)) {
            assertEquals(1, s.count(), "no temp file left behind");
        }
    }

    @Test
    void replacesTheLineMatchingRegexpThenIsUnchanged() throws Exception {
        Files.writeString(home.resolve("sshd_config"), "Port 22\nPasswordAuthentication yes\nUsePAM yes\n");
        Map<String, Object> main = Map.of("path", node.path("sshd_config"), "line", "PasswordAuthentication no",
                "regexp", "^#?PasswordAuthentication ");
        StepResult r = node.run(line, main);
        assertEquals("replaced line 2 of " + node.path("sshd_config"), r.message());
        assertEquals("Port 22\nPasswordAuthentication no\nUsePAM yes\n", Files.readString(home.resolve("sshd_config")));
        assertEquals(Outcome.UNCHANGED, node.run(line, main).outcome());
    }

    @Test
    void unreadablePathIsAFailedStep() throws Exception {
        Files.writeString(home.resolve("notadir"), "");
        StepResult r = node.run(line, Map.of("path", node.path("notadir/conf"), "line", "x"));
        assertEquals(Outcome.FAILED, r.outcome(), r.toString());
        assertTrue(r.message().startsWith("could not write " + node.path("notadir/conf") + " (exit 1): mkdir"), r.message());
        // With a regexp the file is read here first, and that is what fails.
        r = node.run(line, Map.of("path", node.path("notadir/conf"), "line", "x", "regexp", "^x"));
        assertEquals(Outcome.FAILED, r.outcome(), r.toString());
        assertTrue(r.message().startsWith("cannot read " + node.path("notadir/conf")), r.message());
    }

    @Test
    void writeFailureIsReportedAndLeavesTheFileAlone(@TempDir Path bin) throws Exception {
        Path mv = bin.resolve("mv");
        Files.writeString(mv, "#!/bin/sh\necho 'mv: device full' >&2\nexit 1\n");
        Files.setPosixFilePermissions(mv, PosixFilePermissions.fromString("rwxr-xr-x"));
        Node broken = new Node(home, playbook, Map.of("PATH", bin + ":" + System.getenv("PATH")));
        Files.writeString(home.resolve("conf"), "a\n");
        StepResult r = broken.run(line, Map.of("path", broken.path("conf"), "line", "b"));
        assertEquals(Outcome.FAILED, r.outcome(), r.toString());
        assertEquals("could not write " + broken.path("conf") + " (exit 1): mv: device full", r.message());
        assertEquals("a\n", Files.readString(home.resolve("conf")));
        r = broken.run(line, Map.of("path", broken.path("conf"), "line", "b", "regexp", "^a"));
        assertEquals("could not write " + broken.path("conf") + " (exit 1): mv: device full", r.message(), "the regexp edit writes the same way");
        assertEquals("a\n", Files.readString(home.resolve("conf")));
        try (var s = Files.list(home)) {
            assertEquals(1, s.count(), "the temp file is removed");
        }
    }
}
