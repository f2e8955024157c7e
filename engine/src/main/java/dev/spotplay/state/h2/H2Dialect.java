package dev.spotplay.state.h2;

import dev.spotplay.state.sql.Rows;
import dev.spotplay.state.sql.SqlStateStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * H2's part of a state store: MERGE for a node, an fsync after each commit, the file's own
 * failures in the user's words, and on close the backup copy and the file lock's release.
 */
final class H2Dialect implements SqlStateStore.Dialect {

    private static final String UPSERT_NODE = "MERGE INTO nodes(" + Rows.NODE_COLUMNS + ") KEY(name) VALUES (" + Rows.NODE_PLACEHOLDERS + ")";

    private final Path file;
    private final Runnable onClose;

    /**
     * @param file    the state file, as the user names it (for a read-only copy: the original)
     * @param onClose what releases the file once the store is closed (the lock, a private copy)
     */
    H2Dialect(Path file, Runnable onClose) {
        this.file = file;
        this.onClose = onClose;
    }

    @Override
    public String upsertNode() {
        return UPSERT_NODE;
    }

    /**
     * With {@code WRITE_DELAY=0} the commit is already in the file, which survives the process
     * dying; the fsync also makes it survive the machine dying (measured: ~0.2 ms a write).
     */
    @Override
    public void afterCommit(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CHECKPOINT SYNC");
        }
    }

    @Override
    public RuntimeException translate(Exception e, String doing) {
        return StateErrors.translate(e, file, doing);
    }

    @Override
    public void closed(boolean written) {
        try {
            if (written) {
                Backups.save(file); // before the lock is released: no other command writes meanwhile
            }
        } finally {
            onClose.run();
        }
    }
}
