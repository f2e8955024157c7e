package dev.spotplay.state.sql;

import dev.spotplay.state.AppliedMigration;
import dev.spotplay.state.ApplyRecord;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.StateSnapshot;
import dev.spotplay.state.StateStore;
import dev.spotplay.state.StepRun;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The state of one cluster in a SQL database, through one JDBC connection: the H2 file and
 * PostgreSQL alike, the differences kept in a {@link Dialect}. Every method is synchronized (the
 * walker records from many threads) and every write is one transaction, committed before it
 * returns (then the dialect's {@link Dialect#afterCommit}: H2 fsyncs its file). Each committed
 * write also raises the serial by one, in its transaction. A failure the user must act on (a
 * damaged file, a full disk, a lost connection) is a {@link dev.spotplay.diag.UserError}, as the
 * dialect words it; once one happened, every later call says the same, so that whichever thread
 * reports first, the cause is reported. Opened by a backend, which owns the lock.
 */
public final class SqlStateStore implements StateStore {

    /** What differs between the databases a state can live in, and what a backend does on close. */
    public interface Dialect {
        /** One statement inserting or replacing a node row by name, with {@link Rows#NODE_COLUMNS} as its 12 parameters, in order. */
        String upsertNode();

        /** Inside each write's transaction, just before its commit (PostgreSQL: checks the lock is still ours). */
        default void beforeCommit(Connection c) throws SQLException {}

        /** After each write's commit (H2: fsync the file). */
        default void afterCommit(Connection c) throws SQLException {}

        /** The failure as the user should hear it ({@code doing}: "reading", "writing", "closing"). */
        RuntimeException translate(Exception e, String doing);

        /** Once the connection is closed: {@code written} when something was committed and nothing failed. */
        void closed(boolean written);
    }

    public static final int OUTPUT_TAIL_CAP = 4000;

    private static final DateTimeFormatter APPLY_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Connection connection;
    private final Dialect dialect;
    private final boolean readOnly;
    private Optional<UUID> lineage;
    private long serial;
    private boolean closed;
    private boolean changed;
    private RuntimeException broken;

    /** On a connection already migrated (and, for update, claimed and locked). */
    public SqlStateStore(Connection connection, Dialect dialect, boolean readOnly) throws SQLException {
        this.connection = connection;
        this.dialect = dialect;
        this.readOnly = readOnly;
        connection.setAutoCommit(false);
        // read once: only this store writes while it is open (the lock)
        this.lineage = Schema.meta(connection, Schema.LINEAGE_KEY).map(UUID::fromString);
        this.serial = Schema.meta(connection, Schema.SERIAL_KEY).map(Long::parseLong).orElse(0L);
        connection.commit();
    }

    @Override
    public synchronized Optional<UUID> lineage() {
        return lineage;
    }

    @Override
    public synchronized long serial() {
        return serial;
    }

    @Override
    public synchronized List<AppliedMigration> schemaHistory() {
        return query(() -> Schema.history(connection));
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
        if (nodes.isEmpty()) {
            return; // a no-op apply's reconcile: no transaction, no fsync, no backup
        }
        write(() -> {
            try (PreparedStatement ps = connection.prepareStatement(dialect.upsertNode())) {
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
        if (runs.isEmpty()) {
            return;
        }
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
        if (nodes.isEmpty()) {
            return;
        }
        write(() -> {
            for (String node : nodes) {
                update("UPDATE step_runs SET is_current = FALSE WHERE node = ?", node);
            }
        });
    }

    @Override
    public synchronized String beginApply(String command, String holder) {
        requireWritable();
        Instant now = now();
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
                ps.setObject(4, Rows.timestamp(now));
                ps.executeUpdate();
            }
        });
        return chosen;
    }

    @Override
    public synchronized void finishApply(String applyId, String result) {
        write(() -> {
            try (PreparedStatement ps = connection.prepareStatement("UPDATE applies SET finished_at = ?, result = ? WHERE id = ?")) {
                ps.setObject(1, Rows.timestamp(now()));
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
                            Rows.instant(rs, 4), Rows.instant(rs, 5), rs.getString(6)));
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
        write(() -> Schema.putValue(connection, "kv", key, value));
    }

    @Override
    public synchronized void remove(String key) {
        write(() -> update("DELETE FROM kv WHERE key_name = ?", key));
    }

    @Override
    public synchronized Optional<StateSnapshot> snapshot() {
        if (lineage.isEmpty()) {
            return Optional.empty();
        }
        String cluster = cluster().orElseThrow();
        List<StepRun> runs = new ArrayList<>();
        latestRuns().values().forEach(m -> runs.addAll(m.values()));
        Map<String, String> facts = query(() -> Copies.facts(connection));
        Optional<String> moved = query(() -> Schema.meta(connection, Schema.MOVED_TO_KEY));
        return Optional.of(new StateSnapshot(cluster, lineage.get(), serial, nodes(), runs, applies(), facts, moved));
    }

    /** One transaction: everything out, the snapshot in, its lineage and serial taken, no mark of a move. */
    @Override
    public synchronized void restore(StateSnapshot s) {
        transaction(() -> Copies.replaceAll(connection, dialect.upsertNode(), s), s.serial());
        lineage = Optional.of(s.lineage());
    }

    @Override
    public synchronized void markMoved(String location) {
        write(() -> Schema.putValue(connection, "meta", Schema.MOVED_TO_KEY, location));
    }

    /** How many step runs are recorded in all, current or not (history is never deleted). */
    public synchronized int historySize() {
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
        boolean clean = false;
        try {
            connection.close();
            clean = true;
        } catch (SQLException e) {
            throw failed(e, "closing");
        } finally {
            dialect.closed(clean && changed && broken == null);
        }
    }

    /** The time of a command's start or end, to the microsecond: what every backend keeps, so a moved state reads back the same. */
    private static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /** Keeps the end of the output: the last lines are what explain a failure. */
    public static String tail(String output) {
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
            throw failed(e, "reading");
        }
    }

    /** Runs the statements as one transaction, committed (durable) before returning, with the serial one higher. */
    private void write(SqlWrite sql) {
        transaction(sql, serial + 1);
    }

    /** Runs the statements as one transaction that sets the serial to {@code newSerial}, committed before returning. */
    private void transaction(SqlWrite sql, long newSerial) {
        requireWritable();
        try {
            sql.run();
            Schema.putValue(connection, "meta", Schema.SERIAL_KEY, Long.toString(newSerial));
            dialect.beforeCommit(connection);
            connection.commit();
            serial = newSerial;
            changed = true;
            dialect.afterCommit(connection);
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw failed(e, "writing");
        }
    }

    /** The failure as the user should hear it; one the user must act on is remembered for the calls after. */
    private RuntimeException failed(Exception e, String doing) {
        RuntimeException translated = dialect.translate(e, doing);
        if (translated instanceof dev.spotplay.diag.UserError && broken == null) {
            broken = translated;
        }
        return translated;
    }

    private void requireWritable() {
        requireOpen();
        if (readOnly) {
            throw new UnsupportedOperationException("state opened read-only (plan, status) cannot be changed");
        }
    }

    private void requireOpen() {
        if (broken != null) {
            throw new dev.spotplay.diag.UserError(broken.getMessage(), broken);
        }
        if (closed) {
            throw new IllegalStateException("state store is closed");
        }
    }
}
