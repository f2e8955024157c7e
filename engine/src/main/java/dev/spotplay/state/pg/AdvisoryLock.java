package dev.spotplay.state.pg;

import dev.spotplay.diag.UserError;
import dev.spotplay.state.Holder;
import dev.spotplay.state.Locks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * One cluster's lock in a database: a session advisory lock ({@code pg_try_advisory_lock}) on a
 * key derived from the cluster's name, held on a connection of its own that does nothing else
 * for the whole command, so the lock lives exactly as long as the command's session. PostgreSQL
 * drops it when that session ends, however it ends (close, {@code kill -9}, a lost network): a
 * dead holder never leaves a lock for a person to clear. Beside it, a row in
 * {@code spotplay.locks} names the holder, so the one who waits is told who and since when.
 */
final class AdvisoryLock implements AutoCloseable {

    /** Guards the creation of the {@code spotplay} schema: two first commands at once would race on it. */
    private static final long BOOTSTRAP_KEY = key("bootstrap");

    private final Connection connection;
    private final String cluster;
    private final long key;
    private final int backendPid;
    private boolean closed;

    private AdvisoryLock(Connection connection, String cluster, long key, int backendPid) {
        this.connection = connection;
        this.cluster = cluster;
        this.key = key;
        this.backendPid = backendPid;
    }

    /**
     * Takes the cluster's lock on {@code connection} (which it then owns), waiting up to
     * {@code timeout} through {@link Locks}; on failure the connection is closed.
     */
    static AdvisoryLock take(Connection connection, String cluster, Holder holder, Duration timeout, String display) throws SQLException {
        long key = key("cluster:" + cluster);
        try {
            connection.setAutoCommit(true);
            bootstrap(connection);
            int pid = scalarInt(connection, "SELECT pg_backend_pid()");
            Locks.await(() -> tryTake(connection, cluster, key, holder), timeout, display);
            return new AdvisoryLock(connection, cluster, key, pid);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Whether this lock's session still holds it, asked on another connection (in the write's own
     * transaction, just before its commit): a lock connection that dropped means someone else
     * may hold the lock now.
     */
    boolean stillHeld(Connection other) throws SQLException {
        try (PreparedStatement ps = other.prepareStatement("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                + " AND pid = ? AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 1")) {
            ps.setInt(1, backendPid);
            ps.setLong(2, key >>> 32);
            ps.setLong(3, key & 0xffffffffL);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    /** Forgets the holder row, releases the lock and ends its session (which would release it anyway). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (connection) {
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM spotplay.locks WHERE cluster = ? AND backend_pid = ?")) {
                ps.setString(1, cluster);
                ps.setInt(2, backendPid);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                ps.setLong(1, key);
                ps.executeQuery().close();
            }
        } catch (SQLException ignored) {
            // a lost connection: the server has released the lock with its session
        }
    }

    private static Optional<String> tryTake(Connection c, String cluster, long key, Holder holder) {
        try {
            boolean taken;
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    taken = rs.getBoolean(1);
                }
            }
            if (taken) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO spotplay.locks(cluster, holder, since, backend_pid)"
                        + " VALUES (?, ?, ?, pg_backend_pid()) ON CONFLICT (cluster) DO UPDATE"
                        + " SET holder = EXCLUDED.holder, since = EXCLUDED.since, backend_pid = EXCLUDED.backend_pid")) {
                    ps.setString(1, cluster);
                    ps.setString(2, holder.describe());
                    ps.setObject(3, holder.since().atOffset(java.time.ZoneOffset.UTC));
                    ps.executeUpdate();
                }
                return Optional.empty();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT holder FROM spotplay.locks WHERE cluster = ?")) {
                ps.setString(1, cluster);
                try (ResultSet rs = ps.executeQuery()) {
                    // no row: its holder has the lock but has not yet said who it is
                    return Optional.of(rs.next() ? rs.getString(1) : "another spotplay command");
                }
            }
        } catch (SQLException e) {
            throw new LockFailure(e);
        }
    }

    /** Carries an SQLException out of {@link Locks.Attempt}, to be translated by the caller. */
    static final class LockFailure extends RuntimeException {
        LockFailure(SQLException cause) {
            super(cause);
        }
    }

    /** The {@code spotplay} schema and its holder table, made once per database, under a transaction lock. */
    private static void bootstrap(Connection c) throws SQLException {
        if (scalarInt(c, "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'spotplay' AND tablename = 'locks'") == 1) {
            return;
        }
        c.setAutoCommit(false);
        try {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                ps.setLong(1, BOOTSTRAP_KEY);
                ps.executeQuery().close();
            }
            try (var st = c.createStatement()) {
                st.execute("CREATE SCHEMA IF NOT EXISTS spotplay");
                st.execute("CREATE TABLE IF NOT EXISTS spotplay.locks(cluster VARCHAR PRIMARY KEY, holder VARCHAR NOT NULL,"
                        + " since TIMESTAMP WITH TIME ZONE NOT NULL, backend_pid INT NOT NULL)");
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static int scalarInt(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The first 8 bytes of SHA-256 of a name: the same key on every machine, for the same cluster. */
    static long key(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("spotplay state lock\0" + name).getBytes(StandardCharsets.UTF_8));
            long k = 0;
            for (int i = 0; i < 8; i++) {
                k = (k << 8) | (d[i] & 0xff);
            }
            return k;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** What a writer is told when the lock's session is gone in the middle of its command. */
    static UserError lostLock(String display) {
        return PgErrors.lost(display, "writing", "the session that held the cluster's lock", null);
    }
}
