package dev.spotplay.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.module.StepModule;
import dev.spotplay.module.StepResult;
import dev.spotplay.modules.testing.Node;
import dev.spotplay.testing.Integration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A module's batched form (its sh fragment) and its own run are one path: for each case, run
 * sends the very fragment the module gives for batching, and the same starting folder is
 * brought forward twice, once by {@code run} and once by the fragment in a batch, each applied
 * twice (so idempotence is compared too); outcomes, messages and the resulting files (kind,
 * mode, content) must be equal.
 */
@Integration
class ScriptedStepsTest {
    @TempDir Path work;

    /** A setup writes the starting state into a fresh home folder. */
    interface Setup {
        void into(Path home) throws Exception;
    }

    record Case(String name, StepModule module, Object main, Map<String, Object> options, Setup setup) {
        @Override public String toString() { return name; }
    }

    static final Setup NOTHING = home -> { };

    static Case c(String name, StepModule m, Object main, Setup setup) {
        return new Case(name, m, main, Map.of(), setup);
    }

    static Case c(String name, StepModule m, Object main, Map<String, Object> options, Setup setup) {
        return new Case(name, m, main, options, setup);
    }

    static void write(Path home, String rel, String text, String perms) throws Exception {
        Path p = home.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }

    static Stream<Case> cases() {
        ShellModule sh = new ShellModule();
        FileModule file = new FileModule();
        CopyModule copy = new CopyModule();
        LineModule line = new LineModule();
        TemplateModule template = new TemplateModule();
        return Stream.of(
            c("shell runs", sh, "echo hi > out.txt; echo done", NOTHING),
            c("shell creates skips", sh, "echo again >> out.txt", Map.of("creates", "out.txt"), h -> write(h, "out.txt", "x\n", "rw-r--r--")),
            c("shell creates runs once", sh, "echo once >> out.txt", Map.of("creates", "out.txt"), NOTHING),
            c("shell unless skips", sh, "echo no > out.txt", Map.of("unless", "true"), NOTHING),
            c("shell unless runs", sh, "echo yes > out.txt", Map.of("unless", "false"), NOTHING),
            c("shell fails", sh, "echo bad >&2; exit 3", NOTHING),
            c("shell chdir missing", sh, "pwd", Map.of("chdir", "nowhere"), NOTHING),
            c("shell chdir and env", sh, "echo \"$GREETING\" > here.txt", Map.of("chdir", "sub", "env", Map.of("GREETING", "hi there")),
                    h -> Files.createDirectories(h.resolve("sub"))),
            c("shell reads no stdin", sh, "cat; echo read > out.txt", NOTHING),
            c("shell syntax error", sh, "if then fi", NOTHING),
            c("shell exits early", sh, "exit 5; echo never > out.txt", NOTHING),
            c("shell sets -e", sh, "set -e; false; echo never > out.txt", NOTHING),
            c("shell prints one 2 MB line", sh, "head -c 2000000 /dev/zero | tr '\\0' x", NOTHING),
            c("shell fails after a 2 MB line", sh, "head -c 2000000 /dev/zero | tr '\\0' y; exit 6", NOTHING),
            // A command started in the background of a non-interactive sh ignores SIGINT and SIGQUIT:
            // a batched step must not be run that way, or an interrupt it sends itself is lost.
            c("shell is interrupted as alone", sh, "sh -c 'kill -INT $$; echo survived > out.txt'", NOTHING),
            c("copy odd mode", copy, Map.of("content", "x", "dest", "run.sh", "mode", "0750"), NOTHING),
            c("copy two files of a folder", copy, Map.of("src", "files", "dest", "two"), NOTHING),
            c("shell quotes", sh, "printf '%s\\n' \"it's\" 'a \"test\"' > q.txt", NOTHING),
            c("dir created with mode", file, Map.of("path", "srv/data", "mode", "0750"), NOTHING),
            c("dir exists", file, Map.of("path", "srv"), h -> Files.createDirectories(h.resolve("srv"))),
            c("dir mode changed", file, Map.of("path", "srv", "mode", "0700"), h -> Files.createDirectories(h.resolve("srv"))),
            c("dir blocked by a file", file, Map.of("path", "srv"), h -> write(h, "srv", "x", "rw-r--r--")),
            c("absent removes", file, Map.of("path", "old", "state", "absent"), h -> write(h, "old/a/b", "x", "rw-r--r--")),
            c("absent already", file, Map.of("path", "old", "state", "absent"), NOTHING),
            c("touch creates", file, Map.of("path", "f.txt", "state", "touch", "mode", "0600"), NOTHING),
            c("touch keeps content", file, Map.of("path", "f.txt", "state", "touch"), h -> write(h, "f.txt", "keep", "rw-r-----")),
            c("file missing fails", file, Map.of("path", "f.txt", "state", "file"), NOTHING),
            c("file mode set", file, Map.of("path", "f.txt", "state", "file", "mode", "0640"), h -> write(h, "f.txt", "x", "rw-rw-rw-")),
            c("file blocked by a dir", file, Map.of("path", "d", "state", "file"), h -> Files.createDirectories(h.resolve("d"))),
            c("copy content new", copy, Map.of("content", "hello\n", "dest", "etc/app.conf"), NOTHING),
            c("copy content same", copy, Map.of("content", "hello\n", "dest", "app.conf"), h -> write(h, "app.conf", "hello\n", "rw-r--r--")),
            c("copy keeps mode", copy, Map.of("content", "new\n", "dest", "app.conf"), h -> write(h, "app.conf", "old\n", "rwx------")),
            c("copy sets mode", copy, Map.of("content", "x", "dest", "app.conf", "mode", "0600"), h -> write(h, "app.conf", "x", "rw-r--r--")),
            c("copy no final newline", copy, Map.of("content", "no newline", "dest", "a.txt"), NOTHING),
            c("copy empty content", copy, Map.of("content", "", "dest", "empty.txt"), NOTHING),
            c("copy src file into folder", copy, Map.of("src", "files/tool.sh", "dest", "bin/"), NOTHING),
            c("copy src folder", copy, Map.of("src", "files", "dest", "opt/app"), h -> write(h, "opt/app/readme", "stale", "rw-r--r--")),
            c("copy onto a folder fails", copy, Map.of("content", "x", "dest", "taken"), h -> Files.createDirectories(h.resolve("taken"))),
            c("template new", template, Map.of("src", "files/readme", "dest", "readme.out", "mode", "0644"), NOTHING),
            c("line created", line, Map.of("path", "etc/settings.conf", "line", "max=100"), NOTHING),
            c("line present", line, Map.of("path", "s.conf", "line", "max=100"), h -> write(h, "s.conf", "a\nmax=100\nb\n", "rw-------")),
            c("line appended", line, Map.of("path", "s.conf", "line", "max=100"), h -> write(h, "s.conf", "a\n", "rw-r-----")),
            c("line after no final newline", line, Map.of("path", "s.conf", "line", "max=100"), h -> write(h, "s.conf", "a", "rw-r--r--")),
            c("line into empty file", line, Map.of("path", "s.conf", "line", "max=100"), h -> write(h, "s.conf", "", "rw-r--r--")),
            c("line with quotes and dollars", line, Map.of("path", "s.conf", "line", "x='$HOME' \"y\""), NOTHING),
            c("line partial match is not a match", line, Map.of("path", "s.conf", "line", "max=1"), h -> write(h, "s.conf", "max=100\n", "rw-r--r--")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theFragmentDoesWhatRunDoes(Case c) throws Exception {
        Path playbook = work.resolve("playbook");
        write(playbook, "files/tool.sh", "#!/bin/sh\necho tool\n", "rwxr-xr-x");
        write(playbook, "files/readme", "read me\n", "rw-r--r--");
        write(playbook, "files/sub/deep.txt", "deep\n", "rw-r--r--");
        Path a = Files.createDirectories(work.resolve("by-run"));
        Path b = Files.createDirectories(work.resolve("by-fragment"));
        c.setup().into(a);
        c.setup().into(b);
        Node byRun = new Node(a, playbook);
        Node byFragment = new Node(b, playbook);
        for (int round = 1; round <= 2; round++) {
            StepResult expected = byRun.run(c.module(), c.main(), c.options());
            String sent = String.join("\n", byRun.conn.stdins);
            StepResult actual = byFragment.runScripted(c.module(), c.main(), c.options());
            assertNotNull(actual, "no fragment for " + c);
            String fragment = byFragment.lastScript.body();
            assertTrue(sent.contains(fragment), c + ": run sends the batched fragment itself");
            String where = c + ", round " + round;
            assertEquals(expected.outcome(), actual.outcome(), where + ": " + expected + " vs " + actual);
            assertEquals(expected.message().replace(a.toString(), "~"), actual.message().replace(b.toString(), "~"), where);
            if (expected.isFailed()) {
                assertEquals(firstLine(expected.outputTail()).isEmpty(), firstLine(actual.outputTail()).isEmpty(), where + " output tail");
            }
            assertEquals(tree(a), tree(b), where + ": the files differ");
        }
    }

    /** Alone or batched, a step's output tail is its last bytes, bounded, and its exit code its own. */
    @Test
    void aHugeLastLineGivesTheSameBoundedTailAloneAndBatched() throws Exception {
        Node node = new Node(Files.createDirectories(work.resolve("h")), work);
        String cmd = "head -c 2000000 /dev/zero | tr '\\0' y; exit 6";
        StepResult alone = node.run(new ShellModule(), cmd);
        StepResult batched = node.runScripted(new ShellModule(), cmd, Map.of());
        assertEquals(StepResult.failed("exit 6", "y".repeat(StepResult.MAX_TAIL_CHARS)), alone);
        assertEquals(alone, batched);
    }

    /** A step past its own timeout fails the same way alone and batched, and its command is killed. */
    @Test
    void aStepPastItsTimeoutFailsTheSameAloneAndBatched() throws Exception {
        Node byRun = new Node(Files.createDirectories(work.resolve("by-run")), work);
        Node byFragment = new Node(Files.createDirectories(work.resolve("by-fragment")), work);
        byRun.timeout = java.time.Duration.ofSeconds(1);
        byFragment.timeout = byRun.timeout;
        String cmd = "sleep 30; echo late > late.txt";
        long t0 = System.nanoTime();
        StepResult alone = byRun.run(new ShellModule(), cmd);
        StepResult batched = byFragment.runScripted(new ShellModule(), cmd, Map.of());
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(StepResult.failed("timed out after 1s", ""), alone);
        assertEquals(alone.outcome(), batched.outcome());
        assertEquals(alone.message(), batched.message());
        assertTrue(took < 2 * 1_000 + 15_000, "both ended at their timeout, long before sleep 30 would: " + took + " ms");
        // Only the batch is asked here: the test connection kills a timed-out command's children
        // before the command itself, which may then go on for a moment; the batch kills the group at once.
        assertTrue(Files.notExists(byFragment.home.resolve("late.txt")), "the batched command was killed whole");
    }

    @Test
    void aRegexpOrLargeDataIsLeftToRun() throws Exception {
        Node node = new Node(Files.createDirectories(work.resolve("h")), work);
        assertNull(node.runScripted(new LineModule(), Map.of("path", "x", "line", "a", "regexp", "^a"), Map.of()));
        Files.write(work.resolve("big.bin"), new byte[Fragments.MAX_INLINE_BYTES + 1]);
        assertNull(node.runScripted(new CopyModule(), Map.of("src", "big.bin", "dest", "big.bin"), Map.of()));
        assertNull(node.runScripted(new FileModule(), Map.of("path", "x", "state", "nonsense"), Map.of()), "bad arguments go to run");
    }

    @Test
    void binaryContentArrivesExactly() throws Exception {
        byte[] bytes = new byte[70_000];
        new java.util.Random(7).nextBytes(bytes);
        Files.write(work.resolve("blob.bin"), bytes);
        Node node = new Node(Files.createDirectories(work.resolve("h")), work);
        StepResult r = node.runScripted(new CopyModule(), Map.of("src", "blob.bin", "dest", "x/blob.bin"), Map.of());
        assertEquals(StepResult.Outcome.CHANGED, r.outcome(), r.toString());
        assertTrue(java.util.Arrays.equals(bytes, Files.readAllBytes(node.home.resolve("x/blob.bin"))));
        assertEquals(StepResult.Outcome.UNCHANGED, node.runScripted(new CopyModule(), Map.of("src", "blob.bin", "dest", "x/blob.bin"), Map.of()).outcome());
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.strip().lines().findFirst().orElse("");
    }

    /** Every path under {@code root}: kind, mode and content hash, sorted. */
    static Map<String, String> tree(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(all::add);
        }
        for (Path p : all) {
            String rel = root.relativize(p).toString();
            String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
            if (Files.isDirectory(p)) {
                out.put(rel, "dir " + perms);
            } else {
                byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                out.put(rel, "file " + perms + " " + HexFormat.of().formatHex(digest).substring(0, 12)
                        + (Files.size(p) < 200 ? " " + new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : ""));
            }
        }
        return out;
    }
}
