package dev.spotplay.state.h2;

import dev.spotplay.diag.UserError;
import dev.spotplay.state.Holder;
import dev.spotplay.state.StateStore;
import dev.spotplay.state.sql.EmptyStateStore;
import dev.spotplay.state.sql.Migration;
import dev.spotplay.state.sql.Schema;
import dev.spotplay.state.sql.SqlStateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Opens state files: read-only for plan and status (never creating or changing a byte), for
 * update for apply and destroy (creating, locking, migrating). The only way to an H2 state;
 * outside this package it is reached through {@link H2Backend}.
 */
final class StateFiles {

    static final String SUFFIX = ".mv.db";
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    private static final int H2_DATABASE_IS_READ_ONLY = 90097;
    private static final int HEADER_BLOCK = 4096;

    /**
     * H2's driver, asked directly: DriverManager would first load every JDBC driver on the
     * class path (PostgreSQL's too) on every command, for nothing.
     */
    private static final java.sql.Driver H2 = new org.h2.Driver();

    private StateFiles() {}

    private static java.util.Properties credentials() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", "sa");
        p.setProperty("password", "");
        return p;
    }

    /**
     * Opens a state for reading. A missing file reads as an empty state and stays missing; an
     * existing one is opened by H2 in read-only mode under a shared lock, so nothing is written.
     * A file made by an older spotplay, or one H2 cannot open without writing (its creator died
     * before the first commit), is read through a migrated private copy, deleted on close.
     */
    static StateStore openReadOnly(Path dbFile, Duration lockTimeout) {
        return openReadOnly(dbFile, lockTimeout, Schema.MIGRATIONS);
    }

    /**
     * Opens a state for apply or destroy: creates it if needed (folder 0700, files 0600), takes the
     * exclusive lock (waiting up to {@code lockTimeout}), migrates it, and checks it belongs to
     * {@code cluster} (claiming a new one, and giving it its lineage). The lock is held until the
     * store is closed.
     */
    static StateStore openForUpdate(Path dbFile, String cluster, Holder holder, Duration lockTimeout) {
        return openForUpdate(dbFile, cluster, holder, lockTimeout, Schema.MIGRATIONS, false);
    }

    /** {@link #openForUpdate(Path, String, Holder, Duration)}, also of a state marked moved (state push|pull). */
    static StateStore openForMove(Path dbFile, String cluster, Holder holder, Duration lockTimeout) {
        return openForUpdate(dbFile, cluster, holder, lockTimeout, Schema.MIGRATIONS, true);
    }

    /** {@code .spotplay/demo.mv.db} → {@code .spotplay/demo.lock} */
    static Path lockFile(Path dbFile) {
        Path base = base(dbFile);
        return base.resolveSibling(base.getFileName() + ".lock");
    }

    static StateStore openReadOnly(Path dbFile, Duration lockTimeout, List<Migration> migrations) {
        String display = dbFile.toString();
        Path base = base(dbFile);
        if (!Files.exists(dbFile)) {
            return new EmptyStateStore();
        }
        FileModes.requireOwn(dbFile.toAbsolutePath().getParent(), dbFile, lockFile(dbFile));
        Path lockFile = lockFile(dbFile);
        StateLock lock = Files.exists(lockFile)
                ? StateLock.acquire(lockFile, StateLock.Mode.SHARED, null, lockTimeout, display)
                : StateLock.none();
        try {
            if (Files.size(dbFile) == 0) { // created by an apply that died before H2 wrote to it
                lock.close();
                return new EmptyStateStore();
            }
            Connection c = connectReadOnlyIfPossible(base, dbFile);
            if (c != null) {
                try {
                    int version = Schema.version(c);
                    Schema.requireKnown(version, migrations, display);
                    if (version == Schema.latest(migrations)) {
                        Schema.requireNotMoved(c, display);
                        return new SqlStateStore(c, new H2Dialect(dbFile, lock::close), true);
                    }
                } catch (SQLException | RuntimeException e) {
                    c.close();
                    throw e;
                }
                c.close();
            }
            Path copy = privateCopy(dbFile);
            lock.close();
            Connection migrated = connect(base(copy), false, display);
            try {
                Schema.migrate(migrated, migrations, display);
                Schema.requireNotMoved(migrated, display);
                return new SqlStateStore(migrated, new H2Dialect(dbFile, () -> deleteTree(copy.getParent())), true);
            } catch (SQLException | RuntimeException e) {
                migrated.close();
                deleteTree(copy.getParent());
                throw e;
            }
        } catch (SQLException | IOException | RuntimeException e) {
            lock.close();
            throw StateErrors.translate(e, dbFile, "opening");
        }
    }

    /** A copy of the file in a fresh private folder, for H2 to write into where the original must not change. */
    private static Path privateCopy(Path dbFile) throws IOException {
        Path copyDir = Files.createTempDirectory("spotplay-state-", PosixFilePermissions.asFileAttribute(FileModes.PRIVATE_DIR));
        Path copy = copyDir.resolve("state" + SUFFIX);
        Files.copy(dbFile, copy);
        return copy;
    }

    static StateStore openForUpdate(Path dbFile, String cluster, Holder holder, Duration lockTimeout, List<Migration> migrations) {
        return openForUpdate(dbFile, cluster, holder, lockTimeout, migrations, false);
    }

    private static StateStore openForUpdate(Path dbFile, String cluster, Holder holder, Duration lockTimeout, List<Migration> migrations,
                                            boolean allowMoved) {
        String display = dbFile.toString();
        Path base = base(dbFile);
        Path folder = dbFile.toAbsolutePath().getParent();
        StateLock lock;
        try { // a full disk can stop the folder or the lock file as well as H2
            FileModes.createPrivateDirs(folder);
            FileModes.requireOwn(folder, dbFile, lockFile(dbFile), Backups.of(dbFile));
            FileModes.makePrivate(folder, dbFile, lockFile(dbFile), Backups.of(dbFile));
            lock = StateLock.acquire(lockFile(dbFile), StateLock.Mode.EXCLUSIVE, holder.describe(), lockTimeout, display);
        } catch (UncheckedIOException e) {
            throw StateErrors.translate(e, dbFile, "opening");
        }
        try {
            if (!FileModes.createPrivateFile(dbFile) && Files.size(dbFile) > 0) {
                // an older build must not write a byte into a newer file, not even H2's compaction on close
                Schema.requireKnown(peekVersion(dbFile), migrations, display);
            }
            Connection c = connect(base, false, display);
            try {
                Schema.migrate(c, migrations, display);
                Schema.claim(c, cluster, display, allowMoved);
                return new SqlStateStore(c, new H2Dialect(dbFile, lock::close), false);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        } catch (SQLException | IOException | RuntimeException e) {
            lock.close();
            throw StateErrors.translate(e, dbFile, "opening");
        }
    }

    /**
     * The file's schema version, read without writing to it. A file whose last write was cut
     * short (a crash, a full disk) cannot be opened by H2 without rolling back to its last whole
     * commit, which is a write: its version is read from a private copy.
     */
    private static int peekVersion(Path dbFile) throws SQLException, IOException {
        String display = dbFile.toString();
        Connection peek = connectReadOnlyIfPossible(base(dbFile), dbFile);
        if (peek != null) {
            try (peek) {
                return Schema.version(peek);
            }
        }
        Path copy = privateCopy(dbFile);
        try (Connection c = connect(base(copy), false, display)) {
            return Schema.version(c);
        } finally {
            deleteTree(copy.getParent());
        }
    }

    /**
     * Null when H2 must write to open the file: its writer died (before its first commit reached
     * the file, or in the middle of a commit, which H2 rolls back); the caller then reads a
     * private copy instead. A file H2 closed itself opens read-only as it is: if it needs a
     * write, its bytes changed since, and H2's repair would roll it back, perhaps to nothing.
     */
    private static Connection connectReadOnlyIfPossible(Path base, Path dbFile) throws SQLException, IOException {
        try {
            return connect(base, true, dbFile.toString());
        } catch (SQLException e) {
            if (e.getErrorCode() != H2_DATABASE_IS_READ_ONLY) {
                throw e;
            }
            if (closedCleanly(dbFile)) {
                throw StateErrors.corrupt(dbFile, e);
            }
            return null;
        }
    }

    /**
     * Whether H2 closed the file: MVStore marks a closed file's header ({@code H:2,...,clean:1,...},
     * written twice, in the first two 4 KiB blocks), and writes the header without it while open.
     */
    private static boolean closedCleanly(Path dbFile) throws IOException {
        byte[] head = new byte[2 * HEADER_BLOCK];
        int n;
        try (var in = Files.newInputStream(dbFile)) {
            n = in.readNBytes(head, 0, head.length);
        }
        for (int at = 0; at + HEADER_BLOCK <= n; at += HEADER_BLOCK) {
            String block = new String(head, at, HEADER_BLOCK, java.nio.charset.StandardCharsets.ISO_8859_1);
            int end = block.indexOf('\n');
            String header = end < 0 ? block : block.substring(0, end);
            if (header.startsWith("H:2,") && ("," + header + ",").contains(",clean:1,")) {
                return true;
            }
        }
        return false;
    }

    private static Connection connect(Path base, boolean readOnly, String display) throws SQLException {
        // DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would close the database under a command
        // still writing to it (Ctrl-C, SIGTERM); spotplay closes it itself, once the command has stopped.
        String url = "jdbc:h2:file:" + base.toAbsolutePath() + ";IFEXISTS=TRUE;TRACE_LEVEL_FILE=0;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE"
                + (readOnly ? ";ACCESS_MODE_DATA=r" : "");
        try {
            return H2.connect(url, credentials());
        } catch (SQLException e) {
            if (e.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                // our own lock is held, so the other user is not a spotplay command that honours it
                throw new UserError("State " + display + " is in use by another program (H2: database already in use).\n"
                        + "Close whatever has it open (an H2 console, an older spotplay) and retry.", e);
            }
            throw e;
        }
    }

    private static Path base(Path dbFile) {
        String name = dbFile.getFileName().toString();
        if (!name.endsWith(SUFFIX) || name.length() == SUFFIX.length()) {
            throw new UserError("State file " + dbFile + " must be named NAME" + SUFFIX + ", e.g. .spotplay/demo" + SUFFIX + ".");
        }
        return dbFile.resolveSibling(name.substring(0, name.length() - SUFFIX.length()));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary copy left behind is harmless
        }
    }
}
