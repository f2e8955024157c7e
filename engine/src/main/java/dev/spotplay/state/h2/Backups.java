package dev.spotplay.state.h2;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The last good copy of a state file, {@code NAME.mv.db.bak} beside it: a way back when the file
 * itself is damaged. Written when a command that changed the state has closed it cleanly, so it
 * is a whole, consistent H2 file a person can put back with {@code cp}; a command that changed
 * nothing (a no-op apply, plan, status) does not pay for it. Copied to a temporary name, synced,
 * then renamed over the old copy: a crash or a full disk on the way leaves the previous copy.
 */
final class Backups {

    private Backups() {}

    /** {@code .spotplay/demo.mv.db} → {@code .spotplay/demo.mv.db.bak} */
    static Path of(Path dbFile) {
        return dbFile.resolveSibling(dbFile.getFileName() + ".bak");
    }

    /** When the last good copy was saved, if there is one. */
    static Optional<Instant> savedAt(Path dbFile) {
        try {
            return Optional.of(Files.getLastModifiedTime(of(dbFile)).toInstant());
        } catch (IOException none) {
            return Optional.empty();
        }
    }

    /** Copies the closed file to its backup (0600), atomically. */
    static void save(Path dbFile) {
        Path backup = of(dbFile);
        Path partial = backup.resolveSibling(backup.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(partial);
            try (FileChannel from = FileChannel.open(dbFile, StandardOpenOption.READ);
                 FileChannel to = FileChannel.open(partial, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                         FileModes.PRIVATE_FILE_ATTR)) {
                FileModes.makePrivateFile(partial);
                long size = from.size();
                for (long done = 0; done < size; ) {
                    done += from.transferTo(done, size - done, to);
                }
                to.force(true);
            }
            Files.move(partial, backup, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(backup.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                d.force(true); // the rename itself survives a machine crash
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the next save replaces it
            }
            throw StateErrors.environment(e, backup).orElseGet(() -> new java.io.UncheckedIOException("saving " + backup, e));
        }
    }
}
