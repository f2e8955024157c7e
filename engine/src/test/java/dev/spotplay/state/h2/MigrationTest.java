package dev.spotplay.state.h2;

import static dev.spotplay.state.h2.Fixtures.NO_WAIT;
import static dev.spotplay.state.h2.Fixtures.holder;
import static dev.spotplay.state.h2.Fixtures.node;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.UserError;
import dev.spotplay.state.AppliedMigration;
import dev.spotplay.state.StateStore;
import dev.spotplay.state.sql.Migration;
import dev.spotplay.state.sql.Schema;
import dev.spotplay.testing.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Integration
class MigrationTest {

    static final int LATEST = Schema.latest(Schema.MIGRATIONS);
    static final int NEXT = LATEST + 1;

    /** A build that knows one migration more than this one: what the next release will look like. */
    static final List<Migration> WITH_NEXT = plus(new Migration(NEXT, "step runs remember their host",
            "ALTER TABLE step_runs ADD COLUMN IF NOT EXISTS host VARCHAR",
            "UPDATE step_runs SET host = 'unknown'"));

    @TempDir
    Path dir;

    @Test
    void aNewFileIsAtTheLatestVersion() throws SQLException {
        Path db = dir.resolve("demo.mv.db");
        StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT).close();
        assertEquals(Schema.latest(Schema.MIGRATIONS), versionOf(db));
    }

    @Test
    void openForUpdateMigratesAnOlderFileAndKeepsItsData() throws SQLException {
        Path db = dir.resolve("demo.mv.db");
        try (StateStore s = StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT)) {
            s.saveNode(node("worker001"));
            s.recordRun(Fixtures.run("worker001", "a", "h", dev.spotplay.state.StepRun.Result.CHANGED));
        }
        try (StateStore s = StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT, WITH_NEXT)) {
            assertEquals(Optional.of(node("worker001")), s.node("worker001"));
            assertEquals(1, s.latestRuns().size());
        }
        assertEquals(NEXT, versionOf(db));
        assertEquals("unknown", scalar(db, "SELECT host FROM step_runs"));
    }

    @Test
    void aHalfDoneMigrationRunsAgainOnTheNextOpen() throws SQLException {
        Path db = dir.resolve("demo.mv.db");
        StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT).close();
        // a crash after the next migration's DDL (committed implicitly by H2) but before its version was recorded
        exec(db, "ALTER TABLE step_runs ADD COLUMN host VARCHAR");
        StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT, WITH_NEXT).close();
        assertEquals(NEXT, versionOf(db));
    }

    @Test
    void aFileFromANewerSpotplayIsRefusedForUpdateAndForReading() throws Exception {
        Path db = dir.resolve("demo.mv.db");
        StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT, WITH_NEXT).close();
        byte[] before = Files.readAllBytes(db);

        UserError update = assertThrows(UserError.class, () -> StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT));
        assertTrue(update.getMessage().contains("made by a newer spotplay (schema version " + NEXT + ", this build knows up to " + LATEST + ")"), update.getMessage());
        assertTrue(update.getMessage().contains("Upgrade spotplay"), update.getMessage());
        UserError read = assertThrows(UserError.class, () -> StateFiles.openReadOnly(db, NO_WAIT));
        assertTrue(read.getMessage().contains("made by a newer spotplay"), read.getMessage());

        assertEquals(NEXT, versionOf(db));
        assertArrayEquals(before, Files.readAllBytes(db));
    }

    @Test
    void readingAnOlderFileMigratesAPrivateCopyAndLeavesTheFileAlone() throws Exception {
        Path db = dir.resolve("demo.mv.db");
        try (StateStore s = StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT)) {
            s.saveNode(node("worker001"));
        }
        byte[] before = Files.readAllBytes(db);
        List<Path> filesBefore = StateFilesTest.list(dir);

        try (StateStore s = StateFiles.openReadOnly(db, NO_WAIT, WITH_NEXT)) {
            assertEquals(Optional.of(node("worker001")), s.node("worker001"));
            assertThrows(UnsupportedOperationException.class, () -> s.put("k", "v"));
        }

        assertArrayEquals(before, Files.readAllBytes(db));
        assertEquals(filesBefore, StateFilesTest.list(dir));
        assertEquals(LATEST, versionOf(db));
    }

    @Test
    void aFileCreatedByRawJdbcAtV1IsReadByThisBuild() throws Exception {
        // the v1 DDL as released, run by hand: proves the store reads what v1 wrote, not only what it writes itself
        Path db = v1File();
        try (StateStore s = StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT, WITH_NEXT)) {
            assertEquals("head", s.node("head001").orElseThrow().group());
        }
        assertEquals(NEXT, versionOf(db));
    }

    @Test
    void aFileOfTheReleasedV1SchemaMigratesOnUpdateWithHistoryRowsAndGetsALineage() throws Exception {
        Path db = v1File();
        try (StateStore s = StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT)) {
            assertEquals("head", s.node("head001").orElseThrow().group(), "the old file's data stays");
            List<AppliedMigration> history = s.schemaHistory();
            assertEquals(Schema.MIGRATIONS.size(), history.size(), history.toString());
            AppliedMigration v1 = history.get(0);
            assertEquals(new AppliedMigration(1, "initial", Schema.MIGRATIONS.get(0).checksum(), Optional.empty(), Optional.empty(), true), v1,
                    "v1 ran before history was kept: recorded as there, with no time");
            for (AppliedMigration m : history.subList(1, history.size())) {
                Migration known = Schema.MIGRATIONS.get(m.version() - 1);
                assertEquals(known.description(), m.description());
                assertEquals(known.checksum(), m.checksum());
                assertTrue(m.success() && m.installedOn().isPresent() && m.executionTime().isPresent(), m.toString());
            }
            assertTrue(s.lineage().isPresent(), "an old state gets its lineage at its first open for update");
            assertEquals(0, s.serial());
        }
        assertEquals(LATEST, versionOf(db));
        assertEquals(Integer.toString(Schema.MIGRATIONS.size()), scalar(db, "SELECT COUNT(*) FROM schema_history WHERE success"));
    }

    @Test
    void readingAV1FileShowsItMigratedWithoutChangingItOrGivingItALineage() throws Exception {
        Path db = v1File();
        byte[] before = Files.readAllBytes(db);
        try (StateStore s = StateFiles.openReadOnly(db, NO_WAIT)) {
            assertEquals("head", s.node("head001").orElseThrow().group());
            assertEquals(LATEST, s.schemaHistory().get(s.schemaHistory().size() - 1).version());
            assertEquals(Optional.empty(), s.lineage());
            assertEquals(0, s.serial());
        }
        assertArrayEquals(before, Files.readAllBytes(db));
        assertEquals(1, versionOf(db));
    }

    @Test
    void aFailedMigrationIsRecordedAsFailedAndSucceedsWhenRunAgain() throws Exception {
        Path db = dir.resolve("demo.mv.db");
        StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT).close();
        List<Migration> broken = plus(new Migration(NEXT, "step runs remember their host",
                "ALTER TABLE step_runs ADD COLUMN IF NOT EXISTS host VARCHAR", "UPDATE no_such_table SET host = 'unknown'"));
        assertThrows(RuntimeException.class, () -> StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT, broken));
        assertEquals(LATEST, versionOf(db));
        assertEquals("FALSE", scalar(db, "SELECT success FROM schema_history WHERE version = " + NEXT));

        try (StateStore s = StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT, WITH_NEXT)) {
            AppliedMigration next = s.schemaHistory().get(NEXT - 1);
            assertEquals(NEXT, next.version());
            assertTrue(next.success(), next.toString());
            assertEquals(WITH_NEXT.get(NEXT - 1).checksum(), next.checksum(), "the row is the migration that ran, not the one that failed");
        }
        assertEquals(NEXT, versionOf(db));
    }

    @Test
    void aReleasedMigrationWhoseSqlChangedIsRefusedNamingBothChecksums() throws Exception {
        Path db = dir.resolve("demo.mv.db");
        StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT).close();
        List<Migration> edited = new ArrayList<>(Schema.MIGRATIONS);
        Migration v1 = edited.get(0);
        List<String> sql = new ArrayList<>(v1.sql());
        sql.add("CREATE TABLE IF NOT EXISTS extra(x INT)");
        edited.set(0, new Migration(1, v1.description(), sql));

        UserError e = assertThrows(UserError.class, () -> StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT, List.copyOf(edited)));
        assertEquals("State " + db + " was migrated by a different spotplay build: migration 1 (initial) is recorded with checksum "
                + v1.checksum().substring(0, 12) + ", this build's is " + edited.get(0).checksum().substring(0, 12)
                + ".\nUse the spotplay build that made it.", e.getMessage());
    }

    /** A state file exactly as the released v1 build left it: its DDL by hand, a node, no history, no lineage. */
    private Path v1File() throws SQLException {
        Path db = dir.resolve("demo.mv.db");
        try (Connection c = DriverManager.getConnection(url(db), "sa", "")) {
            for (String sql : Schema.MIGRATIONS.get(0).sql()) {
                c.createStatement().execute(sql);
            }
            c.createStatement().execute("INSERT INTO meta VALUES ('schema_version', '1'), ('cluster', 'demo')");
            c.createStatement().execute("INSERT INTO nodes(name, group_name, group_index, port, status)"
                    + " VALUES ('head001', 'head', 1, 22, 'RUNNING')");
        }
        return db;
    }

    private static List<Migration> plus(Migration m) {
        List<Migration> all = new ArrayList<>(Schema.MIGRATIONS);
        all.add(m);
        return List.copyOf(all);
    }

    private static String url(Path db) {
        String path = db.toAbsolutePath().toString();
        return "jdbc:h2:file:" + path.substring(0, path.length() - ".mv.db".length()) + ";TRACE_LEVEL_FILE=0";
    }

    private static int versionOf(Path db) throws SQLException {
        return Integer.parseInt(scalar(db, "SELECT key_value FROM meta WHERE key_name = 'schema_version'"));
    }

    private static String scalar(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(db) + ";ACCESS_MODE_DATA=r", "sa", "");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    private static void exec(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(db), "sa", "")) {
            c.createStatement().execute(sql);
        }
    }
}
