package dev.spotplay.modules;

import static org.junit.jupiter.api.Assertions.*;

import dev.spotplay.module.StepModule.ArgProblem;
import dev.spotplay.module.StepResult;
import dev.spotplay.module.StepResult.Outcome;
import dev.spotplay.modules.testing.Node;
import dev.spotplay.playbook.Step;
import dev.spotplay.testing.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Integration
class CopyModuleTest {
    @TempDir Path home;
    @TempDir Path playbook;
    Node node;
    final CopyModule copy = new CopyModule();

    @BeforeEach
    void setUp() throws Exception {
        node = new Node(home, playbook);
        Files.createDirectories(playbook.resolve("app/lib/deep"));
        Files.writeString(playbook.resolve("app/main.py"), "print('hi')\n");
        Files.writeString(playbook.resolve("app/lib/util.py"), "X = 1\n");
        Files.writeString(playbook.resolve("app/lib/deep/data.txt"), "data\n");
        Files.writeString(playbook.resolve("app/run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(playbook.resolve("app/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Map<String, Object> args(Map<String, Object> main) {
        return Map.of(Step.MAIN_ARG, main);
    }

    @Test
    void validateExplainsWhatWouldBeRight() {
        assertTrue(copy.validate(Map.of(Step.MAIN_ARG, "./app")).get(0).message().contains("copy takes a map"));
        List<ArgProblem> p = copy.validate(args(Map.of("src", "a", "content", "b", "dst", "/x", "mode", 644)));
        String all = p.toString();
        assertTrue(all.contains("exactly one of \"src\""), all);
        assertTrue(all.contains("Did you mean \"dest\"?"), all);
        assertTrue(all.contains("needs \"dest\""), all);
        assertTrue(all.contains("quoted octal string"), all);
        assertTrue(copy.validate(args(Map.of("src", "a", "dest", "relative/path"))).isEmpty(), "relative to the home folder");
        assertTrue(copy.validate(args(Map.of("src", "a", "dest", " "))).toString().contains("not empty"));
        assertTrue(copy.validate(args(Map.of("src", "missing-is-fine-until-run", "dest", "{{ dir }}/x", "mode", "{{ m }}"))).isEmpty());
        assertTrue(copy.validate(args(Map.of("content", "x", "dest", "/etc/x", "mode", "0600"))).isEmpty());
    }

    @Test
    void folderCopyKeepsLayoutAndModesThenIsUnchanged() throws Exception {
        String dest = node.path("opt/app");
        StepResult first = node.run(copy, Map.of("src", "./app", "dest", dest));
        assertEquals(Outcome.CHANGED, first.outcome(), first.toString());
        assertEquals("4 files updated", first.message());
        assertEquals("X = 1\n", Files.readString(home.resolve("opt/app/lib/util.py")));
        assertEquals("data\n", Files.readString(home.resolve("opt/app/lib/deep/data.txt")));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("opt/app/run.sh"))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("opt/app/main.py"))));

        StepResult second = node.run(copy, Map.of("src", "./app", "dest", dest));
        assertEquals(Outcome.UNCHANGED, second.outcome());
        assertEquals("4 files up to date", second.message());
        assertEquals(1, node.conn.roundTrips(), "the no-change check is one exec");
        assertTrue(node.conn.puts.isEmpty());
    }

    @Test
    void onlyTheChangedFileIsWrittenAgain() throws Exception {
        String dest = node.path("opt/app") + "/";
        node.run(copy, Map.of("src", "app", "dest", dest));
        Object untouched = Files.readAttributes(home.resolve("opt/app/main.py"), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        Files.writeString(playbook.resolve("app/lib/deep/data.txt"), "new data\n");
        StepResult r = node.run(copy, Map.of("src", "app", "dest", dest));
        assertEquals("1 file updated (" + dest + "lib/deep/data.txt)", r.message());
        assertEquals(1, node.conn.roundTrips(), "small files travel inside the one exec");
        assertEquals("new data\n", Files.readString(home.resolve("opt/app/lib/deep/data.txt")));
        assertEquals(untouched, Files.readAttributes(home.resolve("opt/app/main.py"), java.nio.file.attribute.BasicFileAttributes.class).fileKey(),
                "an unchanged file is not replaced");
    }

    /** Data too large to send unasked: the fragment names what it lacks, only that is put, then the same fragment writes it. */
    @Test
    void aLargeFileIsSentOnlyWhereItDiffers() throws Exception {
        byte[] big = new byte[Fragments.MAX_INLINE_BYTES + 1];
        new java.util.Random(3).nextBytes(big);
        Files.write(playbook.resolve("app/big.bin"), big);
        String dest = node.path("opt/app") + "/";
        StepResult first = node.run(copy, Map.of("src", "app", "dest", dest));
        assertEquals("5 files updated", first.message(), first.toString());
        assertEquals(5, node.conn.puts.size(), "all five were missing");
        assertTrue(java.util.Arrays.equals(big, Files.readAllBytes(home.resolve("opt/app/big.bin"))));

        Files.writeString(playbook.resolve("app/main.py"), "print('new')\n");
        StepResult second = node.run(copy, Map.of("src", "app", "dest", dest));
        assertEquals("1 file updated (" + dest + "main.py)", second.message(), second.toString());
        assertEquals(1, node.conn.puts.size(), "only the file that differs is sent: " + node.conn.puts);
        assertEquals(2, node.conn.execs.size());
        assertEquals("print('new')\n", Files.readString(home.resolve("opt/app/main.py")));

        StepResult third = node.run(copy, Map.of("src", "app", "dest", dest));
        assertEquals(Outcome.UNCHANGED, third.outcome(), third.toString());
        assertEquals(1, node.conn.roundTrips(), "the no-change check is one exec, nothing sent");
        try (var s = Files.walk(home)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".spotplay")).toList(), "no staged file left behind");
        }
    }

    /** A staged copy left on the node (a killed run) is used only if it holds the right bytes. */
    @Test
    void aLeftoverStagedCopyWithOtherBytesIsNotWritten() throws Exception {
        byte[] big = new byte[Fragments.MAX_INLINE_BYTES + 1];
        new java.util.Random(5).nextBytes(big);
        Files.write(playbook.resolve("big.bin"), big);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(big));
        Path leftover = home.resolve(".spotplay-send.0." + sha);
        Files.writeString(leftover, "forged");
        StepResult r = node.run(copy, Map.of("src", "big.bin", "dest", node.path("big.bin")));
        assertEquals("1 file updated (" + node.path("big.bin") + ")", r.message(), r.toString());
        assertTrue(java.util.Arrays.equals(big, Files.readAllBytes(home.resolve("big.bin"))));
        assertEquals(1, node.conn.puts.size(), "the right bytes were sent");
        assertFalse(Files.exists(leftover), "and used up");
    }

    @Test
    void aFileChangedOnTheNodeIsRepaired() throws Exception {
        String dest = node.path("etc/main.py");
        node.run(copy, Map.of("src", "app/main.py", "dest", dest));
        Files.writeString(home.resolve("etc/main.py"), "drift");
        StepResult r = node.run(copy, Map.of("src", "app/main.py", "dest", dest));
        assertEquals("1 file updated (" + dest + ")", r.message());
        assertEquals("print('hi')\n", Files.readString(home.resolve("etc/main.py")));
    }

    @Test
    void singleFileIntoAFolderWhenDestEndsWithSlash() throws Exception {
        StepResult r = node.run(copy, Map.of("src", "app/main.py", "dest", node.path("srv") + "/"));
        assertEquals(Outcome.CHANGED, r.outcome());
        assertTrue(Files.isRegularFile(home.resolve("srv/main.py")));
    }

    @Test
    void contentAndModeAreEnforced() throws Exception {
        Map<String, Object> main = Map.of("content", "secret=1\n", "dest", node.path("etc/app.env"), "mode", "0600");
        assertEquals(Outcome.CHANGED, node.run(copy, main).outcome());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("etc/app.env"))));
        assertEquals(Outcome.UNCHANGED, node.run(copy, main).outcome());
        Files.setPosixFilePermissions(home.resolve("etc/app.env"), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertEquals(Outcome.CHANGED, node.run(copy, main).outcome(), "a mode drift alone is repaired");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("etc/app.env"))));
    }

    @Test
    void withoutModeAnExistingFileKeepsItsMode() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/x"), "old");
        Files.setPosixFilePermissions(home.resolve("etc/x"), PosixFilePermissions.fromString("rw-r-----"));
        node.run(copy, Map.of("content", "new", "dest", node.path("etc/x")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("etc/x"))));
        assertEquals("new", Files.readString(home.resolve("etc/x")));
    }

    @Test
    void missingSrcFails() throws Exception {
        StepResult r = node.run(copy, Map.of("src", "nope", "dest", node.path("x")));
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.message().startsWith("src nope not found"), r.message());
        assertEquals(0, node.conn.roundTrips());
    }

    @Test
    void destThatIsAFolderFails() throws Exception {
        Files.createDirectories(home.resolve("taken"));
        StepResult r = node.run(copy, Map.of("content", "x", "dest", node.path("taken")));
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.message().contains("is not a regular file"), r.message());
    }

    @Test
    void symlinkOutsideSrcIsRefusedButInsideIsFollowed(@TempDir Path outside) throws Exception {
        Files.createSymbolicLink(playbook.resolve("app/alias.py"), playbook.resolve("app/main.py"));
        StepResult ok = node.run(copy, Map.of("src", "app", "dest", node.path("a")));
        assertEquals(Outcome.CHANGED, ok.outcome(), ok.toString());
        assertEquals("print('hi')\n", Files.readString(home.resolve("a/alias.py")));

        Files.writeString(outside.resolve("secret"), "s");
        Files.createSymbolicLink(playbook.resolve("app/leak"), outside.resolve("secret"));
        StepResult r = node.run(copy, Map.of("src", "app", "dest", node.path("a")));
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.message().contains("outside src"), r.message());
        assertEquals(0, node.conn.roundTrips());
    }

    @Test
    void fingerprintFollowsContentsPathsAndExecutableBit() throws Exception {
        Map<String, Object> a = args(Map.of("src", "app", "dest", "/opt/app"));
        String before = copy.fingerprint(a, playbook, (t, o) -> t);
        assertEquals(before, copy.fingerprint(a, playbook, (t, o) -> t));
        Files.writeString(playbook.resolve("app/lib/util.py"), "X = 2\n");
        String edited = copy.fingerprint(a, playbook, (t, o) -> t);
        assertNotEquals(before, edited);
        Files.move(playbook.resolve("app/lib/util.py"), playbook.resolve("app/lib/util2.py"));
        String renamed = copy.fingerprint(a, playbook, (t, o) -> t);
        assertNotEquals(edited, renamed);
        Files.setPosixFilePermissions(playbook.resolve("app/main.py"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertNotEquals(renamed, copy.fingerprint(a, playbook, (t, o) -> t));
        assertTrue(copy.fingerprint(args(Map.of("src", "gone", "dest", "/x")), playbook, (t, o) -> t).startsWith("missing"));
    }
}
