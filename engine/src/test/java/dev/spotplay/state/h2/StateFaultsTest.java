package dev.spotplay.state.h2;

import static dev.spotplay.state.h2.Fixtures.NO_WAIT;
import static dev.spotplay.state.h2.Fixtures.holder;
import static dev.spotplay.state.h2.Fixtures.node;
import static dev.spotplay.state.h2.StateFilesTest.list;
import static dev.spotplay.state.h2.StateFilesTest.mode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.UserError;
import dev.spotplay.state.StateStore;
import dev.spotplay.testing.Integration;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state file's environment failing, at the storage layer (issue 7, findings 6 and 8): a
 * damaged file and a full disk are one line that says what to do, a command that changed state
 * leaves a last good copy to go back to, and a state folder others can open is made private or,
 * if it is not ours, refused.
 */
@Integration
class StateFaultsTest {

    @TempDir
    Path dir;

    @Test
    void aCommandThatChangedStateLeavesAPrivateCopyOfItAndOneThatDidNotLeavesItAlone() throws IOException {
        Path db = dir.resolve(".spotplay/demo.mv.db");
        Path backup = dir.resolve(".spotplay/demo.mv.db.bak");
        try (StateStore s = StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT)) {
            s.saveNode(node("worker001"));
        }
        assertArrayEquals(Files.readAllBytes(db), Files.readAllBytes(backup), "the closed file, byte for byte");
        assertEquals("rw-------", mode(backup));
        assertEquals(List.of(dir.resolve(".spotplay"), dir.resolve(".spotplay/demo.lock"), db, backup), list(dir), "no partial copy left");

        FileTime past = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(backup, past);
        try (StateStore s = StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT)) {
            assertEquals(1, s.nodes().size());
            s.saveNodes(List.of()); // what a no-op apply's reconcile writes
            s.resetRuns(List.of());
            s.recordRuns(List.of());
        }
        assertEquals(past, Files.getLastModifiedTime(backup), "a command that changed nothing pays for no copy");

        // the copy is a state file in its own right
        Path restored = dir.resolve("restored.mv.db");
        Files.copy(backup, restored);
        try (StateStore s = StateFiles.openReadOnly(restored, NO_WAIT)) {
            assertEquals(List.of(node("worker001")), s.nodes());
        }
    }

    @Test
    void aTruncatedFileIsCorruptAndTheMessageSaysHowToRestoreTheCopy() throws IOException {
        Path db = dir.resolve(".spotplay/demo.mv.db");
        try (StateStore s = StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT)) {
            s.saveNode(node("worker001"));
        }
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.setLength(6000);
        }
        Path backup = dir.resolve(".spotplay/demo.mv.db.bak");
        for (var open : List.<Runnable>of(() -> StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT).close(),
                () -> StateFiles.openReadOnly(db, NO_WAIT).close())) {
            UserError e = assertThrows(UserError.class, open::run);
            assertTrue(e.getMessage().startsWith("State file " + db + " is corrupt ("), e.getMessage());
            assertTrue(e.getMessage().contains("cp " + backup + " " + db), e.getMessage());
            assertTrue(e.getMessage().contains("mv " + db + " " + db + ".corrupt"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
            assertFalse(e.getMessage().contains("MVStore") || e.getMessage().contains("[9"), e.getMessage());
        }
        Files.copy(backup, db, StandardCopyOption.REPLACE_EXISTING);
        try (StateStore s = StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT)) {
            assertEquals(List.of(node("worker001")), s.nodes(), "the lock was released, and the copy brings it all back");
        }
    }

    @Test
    void aDamagedFileWithoutACopySaysToMoveItAside() throws IOException {
        Path db = dir.resolve("demo.mv.db");
        try (StateStore s = StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT)) {
            s.saveNode(node("worker001"));
        }
        Files.delete(dir.resolve("demo.mv.db.bak"));
        byte[] bytes = Files.readAllBytes(db);
        for (int i = 8192; i < bytes.length; i++) {
            bytes[i] ^= 0x5a;
        }
        Files.write(db, bytes);
        UserError e = assertThrows(UserError.class, () -> StateFiles.openReadOnly(db, NO_WAIT).close());
        // H2 itself would open it, by rolling it back to an empty store, and write that over it
        assertThrows(UserError.class, () -> StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT).close());
        assertArrayEquals(bytes, Files.readAllBytes(db), "left as it was, for a person to look at");
        assertTrue(e.getMessage().startsWith("State file " + db + " is corrupt ("), e.getMessage());
        assertTrue(e.getMessage().contains("Move it aside: mv " + db + " " + db + ".corrupt; the next apply then finds the nodes again"),
                e.getMessage());
        assertFalse(e.getMessage().contains("cp "), "no copy to offer: " + e.getMessage());
    }

    @Test
    void aFullDiskUnderH2IsOneLineNamingTheDeviceAndTheFile() throws IOException {
        // What H2 throws when a write meets ENOSPC (measured on a full tmpfs): its own text, with
        // the operating system's words three causes down.
        IOException enospc = new IOException("No space left on device");
        RuntimeException store = new org.h2.mvstore.MVStoreException(2, "Writing to sun.nio.ch.FileChannelImpl@42 failed; length 4096 at 36864");
        store.initCause(enospc);
        SQLException h2 = new SQLException("General error: \"" + store + "\"", "HY000", 50000, store);
        Path db = dir.resolve(".spotplay/demo.mv.db");
        RuntimeException e = StateErrors.translate(h2, db, "writing");
        assertTrue(e instanceof UserError, e.toString());
        assertEquals("No space left on " + Files.getFileStore(dir) + " for " + db
                + " while writing state; free space and run again: nothing was lost.", e.getMessage());
        assertTrue(StateErrors.translate(new SQLException("Syntax error", "42000", 42000), db, "writing") instanceof StateAccessException,
                "a mistake of ours stays a bug");
    }

    @Test
    void anOpenSpotplayFolderAndStateFileOfOursAreMadePrivate() throws IOException {
        Path db = dir.resolve(".spotplay/demo.mv.db");
        StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT).close();
        Files.setPosixFilePermissions(db.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT).close();
        assertEquals("rwx------", mode(db.getParent()));
        assertEquals("rw-------", mode(db));
    }

    @Test
    void aSpotplayFolderOfAnotherUserIsRefused() throws IOException {
        Path folder = Files.createDirectories(dir.resolve(".spotplay"));
        try {
            Files.setAttribute(folder, "unix:uid", 65534);
        } catch (IOException | SecurityException notRoot) {
            Assumptions.abort("only root can give a folder away (CI runs as root)");
        }
        String owner = Files.getOwner(folder).getName();
        for (var open : List.<Runnable>of(() -> StateFiles.openForUpdate(folder.resolve("demo.mv.db"), "demo", holder("apply"), NO_WAIT).close(),
                () -> StateFiles.openReadOnly(folder.resolve("demo.mv.db"), NO_WAIT).close())) {
            Files.write(folder.resolve("demo.mv.db"), new byte[0]); // so that the reader looks too
            UserError e = assertThrows(UserError.class, open::run);
            assertTrue(e.getMessage().startsWith("State folder " + folder + " belongs to " + owner + ", not to "), e.getMessage());
        }
        assertEquals(List.of(folder, folder.resolve("demo.mv.db")), list(dir), "nothing written into it");
    }
}
