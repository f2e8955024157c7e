package dev.spotplay.state.pg;

import dev.spotplay.state.sql.Rows;
import dev.spotplay.state.sql.SqlStateStore;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * PostgreSQL's part of a state store: an upsert by {@code ON CONFLICT}, the lock checked in each
 * write's transaction (a write commits only while this command still holds the cluster), the
 * server's failures in the user's words, and on close the lock's release. A commit is durable
 * when it returns ({@code synchronous_commit} is set on for the session), so nothing more is done after it.
 */
final class PgDialect implements SqlStateStore.Dialect {

    private static final String UPSERT_NODE = "INSERT INTO nodes(" + Rows.NODE_COLUMNS + ") VALUES (" + Rows.NODE_PLACEHOLDERS + ")"
            + " ON CONFLICT (name) DO UPDATE SET group_name = EXCLUDED.group_name, group_index = EXCLUDED.group_index,"
            + " provider_id = EXCLUDED.provider_id, host = EXCLUDED.host, port = EXCLUDED.port, private_ip = EXCLUDED.private_ip,"
            + " status = EXCLUDED.status, status_reason = EXCLUDED.status_reason, host_key = EXCLUDED.host_key,"
            + " launch_token = EXCLUDED.launch_token, created_at = EXCLUDED.created_at, launch_settings = EXCLUDED.launch_settings";

    private final String display;
    private final String user;
    private final AdvisoryLock lock;

    /** @param lock the cluster's lock, for a store opened for update; null for a reader */
    PgDialect(String display, String user, AdvisoryLock lock) {
        this.display = display;
        this.user = user;
        this.lock = lock;
    }

    @Override
    public String upsertNode() {
        return UPSERT_NODE;
    }

    @Override
    public void beforeCommit(Connection c) throws SQLException {
        if (lock != null && !lock.stillHeld(c)) {
            throw AdvisoryLock.lostLock(display);
        }
    }

    @Override
    public RuntimeException translate(Exception e, String doing) {
        return PgErrors.translate(e, display, user, doing);
    }

    @Override
    public void closed(boolean written) {
        if (lock != null) {
            lock.close();
        }
    }
}
