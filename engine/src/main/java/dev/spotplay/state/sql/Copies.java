package dev.spotplay.state.sql;

import dev.spotplay.state.ApplyRecord;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.StateSnapshot;
import dev.spotplay.state.StepRun;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The rows of a whole state, read and written for state push|pull, inside the store's transaction. */
final class Copies {

    private Copies() {}

    /** Every cluster-wide fact, by key. */
    static Map<String, String> facts(Connection c) throws SQLException {
        Map<String, String> all = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT key_name, key_value FROM kv"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                all.put(rs.getString(1), rs.getString(2));
            }
        }
        return all;
    }

    /** Deletes every record and inserts the snapshot's; the caller's transaction sets the serial and commits. */
    static void replaceAll(Connection c, String upsertNode, StateSnapshot s) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String table : List.of("nodes", "step_runs", "applies", "kv")) {
                st.executeUpdate("DELETE FROM " + table);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(upsertNode)) {
            for (NodeRecord n : s.nodes()) {
                Rows.bindNode(ps, n);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO step_runs(" + Rows.RUN_COLUMNS + ", is_current) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE)")) {
            for (StepRun r : s.runs()) {
                Rows.bindRun(ps, r, SqlStateStore.tail(r.outputTail()));
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO applies(id, command, holder, started_at, finished_at, result) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (ApplyRecord a : s.applies()) {
                ps.setString(1, a.id());
                ps.setString(2, a.command());
                ps.setString(3, a.holder());
                ps.setObject(4, Rows.timestamp(a.startedAt()));
                ps.setObject(5, Rows.timestamp(a.finishedAt()));
                ps.setString(6, a.result());
                ps.executeUpdate();
            }
        }
        for (Map.Entry<String, String> f : s.facts().entrySet()) {
            Schema.putValue(c, "kv", f.getKey(), f.getValue());
        }
        Schema.putValue(c, "meta", Schema.CLUSTER_KEY, s.cluster());
        Schema.putValue(c, "meta", Schema.LINEAGE_KEY, s.lineage().toString());
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM meta WHERE key_name = ?")) {
            ps.setString(1, Schema.MOVED_TO_KEY);
            ps.executeUpdate();
        }
    }
}
