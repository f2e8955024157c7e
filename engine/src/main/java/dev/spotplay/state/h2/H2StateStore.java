package dev.spotplay.state.h2;

import dev.spotplay.state.ApplyRecord;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.StateStore;
import dev.spotplay.state.StepRun;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The state of one cluster in an H2 file, through one JDBC connection. Every method is
 * synchronized (the walker records from many threads) and every write commits before it returns;
 * the connection is opened with {@code WRITE_DELAY=0} so a commit reaches the file at once, and
 * each write then fsyncs it ({@code CHECKPOINT SYNC}).
 * Open it through {@link StateFiles}, which owns the lock and the file's lifecycle.
 */
public final class H2StateStore implements StateStore {

    static final int OUTPUT_TAIL_CAP = 4000;

    private static final DateTimeFormatter APPLY_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Connection connection;
    private final boolean readOnly;
    private final Runnable onClose;
    private boolean closed;

    H2StateStore(Connection connection, boolean readOnly, Runnable onClose) throws SQLException {
        this.connection = connection;
        this.readOnly = readOnly;
        this.onClose = onClose;
        connection.setAutoCommit(false);
    }

    @Override
    public synchronized Optional<String> cluster() {
        return query(() -> value("meta", Schema.CLUSTER_KEY));
    }

    @Override
    public synchronized List<NodeRecord> nodes() {
        return query(() -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + Rows.NODE_COLUMNS + " FROM nodes ORDER BY group_name, group_index, name");
                 ResultSet rs = ps.executeQuery()) {
                List<NodeRecord> nodes = new ArrayList<>();
                while (rs.next()) {
                    nodes.add(Rows.node(rs));
                }
                return nodes;
            }
        });
    }

    @Override
    public synchronized Optional<NodeRecord> node(String name) {
        return query(() -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + Rows.NODE_COLUMNS + " FROM nodes WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Rows.node(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public synchronized void saveNode(NodeRecord n) {
        saveNodes(List.of(n));
    }

    @Override
    public synchronized void saveNodes(List<NodeRecord> nodes) {
        write(() -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "MERGE INTO nodes(" + Rows.NODE_COLUMNS + ") KEY(name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (NodeRecord n : nodes) {
                    Rows.bindNode(ps, n);
                    ps.executeUpdate();
                }
            }
        });
    }

    @Override
    public synchronized void deleteNode(String name) {
        write(() -> {
            update("DELETE FROM nodes WHERE name = ?", name);
            update("UPDATE step_runs SET is_current = FALSE WHERE node = ?", name);
        });
    }

    @Override
    public synchronized Map<String, Map<String, StepRun>> latestRuns() {
        return query(() -> {
            // ascending ids: a later run of the same step replaces an earlier one in the map
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + Rows.RUN_COLUMNS
                    + " FROM step_runs r WHERE r.is_current AND r.node IN (SELECT name FROM nodes) ORDER BY r.id");
                 ResultSet rs = ps.executeQuery()) {
                Map<String, Map<String, StepRun>> latest = new TreeMap<>();
                while (rs.next()) {
                    StepRun run = Rows.run(rs);
                    latest.computeIfAbsent(run.node(), k -> new LinkedHashMap<>()).put(run.step(), run);
                }
                return latest;
            }
        });
    }

    @Override
    public synchronized void resetRuns(String node) {
        write(() -> update("UPDATE step_runs SET is_current = FALSE WHERE node = ?", node));
    }

    @Override
    public synchronized void recordRun(StepRun r) {
        recordRuns(List.of(r));
    }

    /** One transaction, one fsync, for all of them: a commit costs more than a row. */
    @Override
    public synchronized void recordRuns(List<StepRun> runs) {
        write(() -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO step_runs(" + Rows.RUN_COLUMNS + ", is_current) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE)")) {
                for (StepRun r : runs) {
                    Rows.bindRun(ps, r, tail(r.outputTail()));
                    ps.executeUpdate();
                }
            }
        });
    }

    @Override
    public synchronized void resetRuns(java.util.Collection<String> nodes) {
        write(() -> {
            for (String node : nodes) {
                update("UPDATE step_runs SET is_current = FALSE WHERE node = ?", node);
            }
        });
    }

    @Override
    public synchronized String beginApply(String command, String holder) {
        requireWritable();
        Instant now = Instant.now();
        String id;
        do {
            id = APPLY_ID.format(now) + "-" + String.format("%04x", RANDOM.nextInt(0x10000));
        } while (query(this::applyIds).contains(id));
        String chosen = id;
        write(() -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO applies(id, command, holder, started_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, chosen);
                ps.setString(2, command);
                ps.setString(3, holder);
                ps.setObject(4, now);
                ps.executeUpdate();
            }
        });
        return chosen;
    }

    @Override
    public synchronized void finishApply(String applyId, String result) {
        write(() -> {
            try (PreparedStatement ps = connection.prepareStatement("UPDATE applies SET finished_at = ?, result = ? WHERE id = ?")) {
                ps.setObject(1, Instant.now());
                ps.setString(2, result);
                ps.setString(3, applyId);
                if (ps.executeUpdate() != 1) {
                    throw new IllegalArgumentException("no apply " + applyId + " in state");
                }
            }
        });
    }

    @Override
    public synchronized List<ApplyRecord> applies() {
        return query(() -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT id, command, holder, started_at, finished_at, result FROM applies ORDER BY started_at, id");
                 ResultSet rs = ps.executeQuery()) {
                List<ApplyRecord> applies = new ArrayList<>();
                while (rs.next()) {
                    applies.add(new ApplyRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, Instant.class), rs.getObject(5, Instant.class), rs.getString(6)));
                }
                return applies;
            }
        });
    }

    @Override
    public synchronized Optional<String> get(String key) {
        return query(() -> value("kv", key));
    }

    @Override
    public synchronized void put(String key, String value) {
        write(() -> putValue(connection, "kv", key, value));
    }

    @Override
    public synchronized void remove(String key) {
        write(() -> update("DELETE FROM kv WHERE key_name = ?", key));
    }

    /** How many step runs are recorded in all, current or not (history is never deleted). */
    synchronized int historySize() {
        return query(() -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*) FROM step_runs"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StateAccessException("closing state", e);
        } finally {
            onClose.run();
        }
    }

    static void putValue(Connection c, String table, String key, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO " + table + "(key_name, key_value) KEY(key_name) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    /** Keeps the end of the output: the last lines are what explain a failure. */
    static String tail(String output) {
        if (output == null || output.length() <= OUTPUT_TAIL_CAP) {
            return output;
        }
        return output.substring(output.length() - OUTPUT_TAIL_CAP);
    }

    private Optional<String> value(String table, String key) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT key_value FROM " + table + " WHERE key_name = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private List<String> applyIds() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT id FROM applies"); ResultSet rs = ps.executeQuery()) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        }
    }

    private void update(String sql, String arg) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, arg);
            ps.executeUpdate();
        }
    }

    private interface Sql<T> {
        T run() throws SQLException;
    }

    private interface SqlWrite {
        void run() throws SQLException;
    }

    private <T> T query(Sql<T> sql) {
        requireOpen();
        try {
            T result = sql.run();
            connection.commit(); // ends the read's transaction so the next read sees fresh data
            return result;
        } catch (SQLException e) {
            throw new StateAccessException("reading state", e);
        }
    }

    /** Runs the statements as one transaction, committed (durable) before returning. */
    private void write(SqlWrite sql) {
        requireWritable();
        try {
            sql.run();
            connection.commit();
            sync();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof SQLException sqlException) {
                throw new StateAccessException("writing state", sqlException);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * With {@code WRITE_DELAY=0} the commit is already in the file, which survives the process
     * dying; the fsync also makes it survive the machine dying (measured: ~0.2 ms a write).
     */
    private void sync() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CHECKPOINT SYNC");
        }
    }

    private void requireWritable() {
        requireOpen();
        if (readOnly) {
            throw new UnsupportedOperationException("state opened read-only (plan, status) cannot be changed");
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("state store is closed");
        }
    }
}
