package dev.spotplay.state.h2;

import dev.spotplay.state.Holder;
import static dev.spotplay.state.h2.Fixtures.NO_WAIT;
import static dev.spotplay.state.h2.Fixtures.holder;
import static dev.spotplay.state.h2.Fixtures.node;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.UserError;
import dev.spotplay.state.StateStore;
import dev.spotplay.testing.Integration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Integration
class StateFilesTest {

    @TempDir
    Path dir;

    @Test
    void readOnlyOfAMissingFileIsEmptyAndCreatesNothing() throws IOException {
        Path db = dir.resolve(".spotplay/demo.mv.db");
        try (StateStore s = StateFiles.openReadOnly(db, NO_WAIT)) {
            assertEquals(Optional.empty(), s.cluster());
            assertEquals(List.of(), s.nodes());
            assertThrows(UnsupportedOperationException.class, () -> s.saveNode(node("worker001")));
        }
        assertEquals(List.of(), list(dir));
    }

    @Test
    void readOnlyOfAnExistingFileChangesNoByteAndNoTime() throws Exception {
        Path db = dir.resolve(".spotplay/demo.mv.db");
        try (StateStore s = StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT)) {
            s.saveNode(node("worker001"));
        }
        FileTime past = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        for (Path p : list(db.getParent())) {
            Files.setLastModifiedTime(p, past);
        }
        Files.setLastModifiedTime(db.getParent(), past);
        byte[] before = Files.readAllBytes(db);
        List<Path> filesBefore = list(dir);

        try (StateStore s = StateFiles.openReadOnly(db, NO_WAIT)) {
            assertEquals(Optional.of("demo"), s.cluster());
            assertEquals(1, s.nodes().size());
        }

        assertArrayEquals(before, Files.readAllBytes(db));
        assertEquals(filesBefore, list(dir));
        for (Path p : list(db.getParent())) {
            assertEquals(past, Files.getLastModifiedTime(p), p.toString());
        }
        assertEquals(past, Files.getLastModifiedTime(db.getParent()));
    }

    @Test
    void createsAPrivateFolderAndPrivateFilesAndNoTraceFile() throws IOException {
        Path db = dir.resolve("a/.spotplay/demo.mv.db");
        try (StateStore s = StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT)) {
            s.saveNode(node("worker001"));
        }
        assertEquals("rwx------", mode(dir.resolve("a")));
        assertEquals("rwx------", mode(db.getParent()));
        assertEquals(List.of(db.getParent().resolve("demo.lock"), db, db.resolveSibling("demo.mv.db.bak")), list(db.getParent()));
        assertEquals("rw-------", mode(db));
        assertEquals("rw-------", mode(db.getParent().resolve("demo.lock")));
    }

    @Test
    void leavesAnExistingFoldersModeAlone() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        StateFiles.openForUpdate(dir.resolve("demo.mv.db"), "demo", holder("apply"), NO_WAIT).close();
        assertEquals("rwxr-xr-x", mode(dir));
    }

    @Test
    void lockFileNamesTheHolder() throws IOException {
        Path db = dir.resolve("demo.mv.db");
        try (StateStore s = StateFiles.openForUpdate(db, "demo", holder("destroy"), NO_WAIT)) {
            assertEquals("destroy by alice@box (pid 4242) since 2026-11-24 16:50:02 UTC\n",
                    Files.readString(dir.resolve("demo.lock")));
        }
    }

    @Test
    void aSecondWriterInTheSameProcessIsToldWhoHoldsIt() {
        Path db = dir.resolve("demo.mv.db");
        try (StateStore first = StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT)) {
            UserError e = assertThrows(UserError.class, () -> StateFiles.openForUpdate(db, "demo", holder("destroy"), NO_WAIT));
            assertEquals("State " + db + " is locked by apply by alice@box (pid 4242) since 2026-11-24 16:50:02 UTC\n"
                    + "Wait for it to finish, or retry with --lock-timeout 5m.", e.getMessage());
            assertThrows(UserError.class, () -> StateFiles.openReadOnly(db, NO_WAIT));
            first.saveNode(node("worker001")); // the failed attempts did not disturb the holder
        }
        try (StateStore again = StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT)) {
            assertEquals(1, again.nodes().size());
        }
    }

    @Test
    void readersShareTheLock() {
        Path db = dir.resolve("demo.mv.db");
        StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT).close();
        try (StateStore a = StateFiles.openReadOnly(db, NO_WAIT); StateStore b = StateFiles.openReadOnly(db, NO_WAIT)) {
            assertEquals(a.cluster(), b.cluster());
            assertThrows(UserError.class, () -> StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT));
        }
        StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT).close();
    }

    @Test
    void refusesAFileNameWithoutTheH2Suffix() {
        UserError e = assertThrows(UserError.class,
                () -> StateFiles.openForUpdate(dir.resolve("demo.db"), "demo", holder("apply"), NO_WAIT));
        assertTrue(e.getMessage().contains("must be named NAME.mv.db"), e.getMessage());
        assertEquals(List.of(), list(dir));
    }

    @Test
    void holderDescribesItselfAndKnowsThisProcess() {
        assertEquals("apply by alice@box (pid 4242) since 2026-11-24 16:50:02 UTC", holder("apply").describe());
        Holder me = Holder.current("plan");
        assertEquals(ProcessHandle.current().pid(), me.pid());
        assertEquals(System.getProperty("user.name"), me.user());
        assertFalse(me.host().isBlank());
    }

    static List<Path> list(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
