package dev.spotplay.state.sql;

import dev.spotplay.state.LaunchSettings;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.state.StepRun;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** How records map to table rows: one place, so a new field is one change here and a migration. */
public final class Rows {

    public static final String NODE_COLUMNS = "name, group_name, group_index, provider_id, host, port, private_ip,"
            + " status, status_reason, host_key, launch_token, created_at, launch_settings";
    /** One {@code ?} per node column, so a new column is one change in {@link #NODE_COLUMNS}. */
    public static final String NODE_PLACEHOLDERS = String.join(", ", java.util.Collections.nCopies(NODE_COLUMNS.split(",").length, "?"));
    public static final String RUN_COLUMNS = "apply_id, node, step, hash, result, message, output_tail, duration_ms, finished_at";

    private Rows() {}

    static void bindNode(PreparedStatement ps, NodeRecord n) throws SQLException {
        ps.setString(1, n.name());
        ps.setString(2, n.group());
        ps.setInt(3, n.index());
        ps.setString(4, n.providerId());
        ps.setString(5, n.host());
        ps.setInt(6, n.port());
        ps.setString(7, n.privateIp());
        ps.setString(8, n.status().name());
        ps.setString(9, n.statusReason());
        ps.setString(10, n.hostKey());
        ps.setString(11, n.launchToken());
        ps.setObject(12, timestamp(n.createdAt()));
        ps.setString(13, LaunchSettings.encode(n.launch()));
    }

    static void bindRun(PreparedStatement ps, StepRun r, String outputTail) throws SQLException {
        ps.setString(1, r.applyId());
        ps.setString(2, r.node());
        ps.setString(3, r.step());
        ps.setString(4, r.hash());
        ps.setString(5, r.result().name());
        ps.setString(6, r.message());
        ps.setString(7, outputTail);
        ps.setLong(8, r.durationMillis());
        ps.setObject(9, timestamp(r.finishedAt()));
    }

    static NodeRecord node(ResultSet rs) throws SQLException {
        return NodeRecord.builder(rs.getString(1)).group(rs.getString(2)).index(rs.getInt(3)).providerId(rs.getString(4))
                .endpoint(rs.getString(5), rs.getInt(6)).privateIp(rs.getString(7))
                .status(NodeStatus.valueOf(rs.getString(8)), rs.getString(9)).hostKey(rs.getString(10))
                .launchToken(rs.getString(11)).createdAt(instant(rs, 12))
                .launch(LaunchSettings.decode(rs.getString(13))).build();
    }

    /**
     * An instant as a TIMESTAMP WITH TIME ZONE parameter: as an offset date-time at UTC, which
     * H2 and PostgreSQL's driver both take (PostgreSQL's does not take an Instant). H2 keeps
     * nanoseconds, PostgreSQL microseconds.
     */
    static OffsetDateTime timestamp(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    static StepRun run(ResultSet rs) throws SQLException {
        return new StepRun(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                StepRun.Result.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getLong(8),
                instant(rs, 9));
    }
}
