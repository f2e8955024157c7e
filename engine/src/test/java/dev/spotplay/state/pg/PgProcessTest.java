package dev.spotplay.state.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.UserError;
import dev.spotplay.state.Holder;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.state.StateLocation;
import dev.spotplay.state.StateStore;
import dev.spotplay.testing.Integration;
import dev.spotplay.testing.OtherJvm;
import dev.spotplay.testing.Postgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock across machines and the connection's failures, against a real PostgreSQL server and a
 * real second JVM (another "machine": its own login from its own environment), and sessions cut
 * by the server itself ({@code pg_terminate_backend}, what a restart or a dropped network does).
 */
@Integration
@Timeout(120)
class PgProcessTest {

    private static final Duration NO_WAIT = Duration.ZERO;

    @TempDir
    Path home;

    private Postgres pg;
    private String database;
    private StateLocation at;
    private Process other;
    private BufferedReader otherOut;

    @BeforeEach
    void freshDatabase() {
        pg = Postgres.get();
        database = pg.createDatabase();
        at = new PgBackend(pg.env(), home).locate(pg.url(database), "demo");
    }

    @AfterEach
    void killOther() {
        if (other != null) {
            other.destroyForcibly();
        }
    }

    @Test
    void aSecondMachineIsRefusedAtOnceAndToldWhoHoldsTheLockWhileReadersGoOn() throws Exception {
        other = start(Long.MAX_VALUE);
        awaitLine("locked");
        long start = System.nanoTime();
        UserError e = assertThrows(UserError.class, () -> at.openForUpdate("demo", holder(), NO_WAIT));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5000, "failed at once");
        assertTrue(e.getMessage().startsWith("State " + pg.url(database) + " is locked by apply by "), e.getMessage());
        assertTrue(e.getMessage().contains("(pid " + other.pid() + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("--lock-timeout"), e.getMessage());
        try (StateStore reader = at.openReadOnly(NO_WAIT)) { // a reader is not held up by the writer
            assertEquals("worker001", reader.nodes().get(0).name());
        }
    }

    @Test
    void aSigkilledHolderReleasesTheLockWithItsSession() throws Exception {
        other = start(Long.MAX_VALUE);
        awaitLine("locked");
        assertThrows(UserError.class, () -> at.openForUpdate("demo", holder(), NO_WAIT));
        other.destroyForcibly().waitFor(); // SIGKILL: no close, no unlock; the server sees the socket close
        try (StateStore s = at.openForUpdate("demo", holder(), Duration.ofSeconds(30))) {
            assertEquals(Optional.of("demo"), s.cluster());
            assertEquals(1, s.nodes().size(), "what the killed holder committed is there");
        }
    }

    @Test
    void withALockTimeoutItWaitsForTheHolderToFinish() throws Exception {
        other = start(1500);
        awaitLine("locked");
        try (StateStore s = at.openForUpdate("demo", holder(), Duration.ofSeconds(30))) {
            assertTrue(otherOut.ready(), "got the lock while the holder still held it");
            assertEquals("releasing", otherOut.readLine());
            assertTrue(other.waitFor(10, TimeUnit.SECONDS), "the holder exited");
            s.put("k", "v");
        }
    }

    @Test
    void aLostDataConnectionStopsAtTheNextWriteWithOneLineAndTheNextRunConverges() throws Exception {
        try (StateStore s = at.openForUpdate("demo", holder(), NO_WAIT)) {
            s.saveNode(node("worker001"));
            terminate(dataSessions());
            UserError e = assertThrows(UserError.class, () -> s.saveNode(node("worker002")));
            assertTrue(e.getMessage().startsWith("Lost the connection to the state database " + at.display() + " while writing"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
            UserError again = assertThrows(UserError.class, () -> s.put("k", "v"));
            assertEquals(e.getMessage(), again.getMessage(), "every later call says the same");
        }
        try (StateStore s = at.openForUpdate("demo", holder(), Duration.ofSeconds(30))) {
            assertEquals(List.of("worker001"), s.nodes().stream().map(NodeRecord::name).toList());
            s.saveNode(node("worker002"));
            assertEquals(2, s.nodes().size());
        }
    }

    @Test
    void aWriterWhoseLockSessionDroppedCommitsNothingMore() throws Exception {
        try (StateStore s = at.openForUpdate("demo", holder(), NO_WAIT)) {
            s.saveNode(node("worker001"));
            terminate(lockSessions());
            UserError e = assertThrows(UserError.class, () -> s.saveNode(node("worker002")));
            assertTrue(e.getMessage().startsWith("Lost the connection to the state database " + at.display()
                    + " while writing (the session that held the cluster's lock); spotplay stopped"), e.getMessage());
            try (StateStore next = at.openForUpdate("demo", holder(), Duration.ofSeconds(30))) { // someone else may have it now
                assertEquals(List.of("worker001"), next.nodes().stream().map(NodeRecord::name).toList());
            }
        }
    }

    @Test
    void aWrongPasswordIsOneLineWithoutAnyPassword() {
        String wrong = "not-the-password-" + Long.toHexString(System.nanoTime());
        Map<String, String> env = new java.util.HashMap<>(pg.env());
        env.put("PGPASSWORD", wrong);
        StateLocation bad = new PgBackend(env, home).locate(pg.url(database), "demo");
        UserError e = assertThrows(UserError.class, () -> bad.openForUpdate("demo", holder(), NO_WAIT));
        assertTrue(e.getMessage().contains("refused the login of user \"" + pg.env().get("PGUSER") + "\" (wrong password)"), e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(wrong), "no password in " + t);
            assertFalse(String.valueOf(t.getMessage()).contains(pg.password()), "no password in " + t);
        }
        UserError read = assertThrows(UserError.class, () -> bad.openReadOnly(NO_WAIT));
        assertFalse(read.getMessage().contains(wrong), read.getMessage());
        env.remove("PGPASSWORD"); // and no ~/.pgpass in this home
        StateLocation none = new PgBackend(env, home).locate(pg.url(database), "demo");
        UserError missing = assertThrows(UserError.class, () -> none.openForUpdate("demo", holder(), NO_WAIT));
        assertTrue(missing.getMessage().startsWith("The state database " + none.display() + " asks user \"" + pg.env().get("PGUSER")
                + "\" for a password, and none was found."), missing.getMessage());
    }

    @Test
    void aPlainUserWithConnectAndCreateOnTheDatabaseIsEnoughAndOneWithoutCreateIsToldWhatIsMissing() throws Exception {
        String role = "team_" + database;
        String rolePassword = Long.toHexString(System.nanoTime()) + "x";
        String reader = "reader_" + database;
        try (Connection c = pg.connect(database); java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + rolePassword + "'");
            st.execute("CREATE ROLE " + reader + " LOGIN PASSWORD '" + rolePassword + "'");
            st.execute("REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");
            st.execute("GRANT CONNECT, CREATE ON DATABASE " + database + " TO " + role);
            st.execute("GRANT CONNECT ON DATABASE " + database + " TO " + reader);
        }
        Map<String, String> env = new java.util.HashMap<>(pg.env());
        env.put("PGUSER", role);
        env.put("PGPASSWORD", rolePassword);
        StateLocation team = new PgBackend(env, home).locate(pg.url(database), "demo");
        try (StateStore s = team.openForUpdate("demo", holder(), NO_WAIT)) {
            s.saveNode(node("worker001"));
        }
        try (StateStore s = team.openReadOnly(NO_WAIT)) {
            assertEquals(1, s.nodes().size());
        }
        env.put("PGUSER", reader);
        StateLocation other = new PgBackend(env, home).locate(pg.url(database), "prod");
        UserError e = assertThrows(UserError.class, () -> other.openForUpdate("prod", holder(), NO_WAIT));
        assertTrue(e.getMessage().startsWith("User \"" + reader + "\" lacks a privilege spotplay needs on " + other.display()), e.getMessage());
    }

    @Test
    void aDatabaseThatDoesNotAnswerIsOneLineNamingItAndAMissingDatabaseSaysSo() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        StateLocation nowhere = new PgBackend(pg.env(), home).locate("postgresql://127.0.0.1:" + port + "/spotplay", "demo");
        UserError e = assertThrows(UserError.class, () -> nowhere.openForUpdate("demo", holder(), NO_WAIT));
        assertEquals("Cannot connect to the state database postgresql://127.0.0.1:" + port + "/spotplay (connection refused).\n"
                + "Check that it runs and that --state names its host and port.", e.getMessage());
        UserError read = assertThrows(UserError.class, () -> nowhere.openReadOnly(NO_WAIT));
        assertEquals(e.getMessage(), read.getMessage());
        StateLocation missing = new PgBackend(pg.env(), home).locate(pg.url("no_such_db"), "demo");
        UserError gone = assertThrows(UserError.class, missing::exists);
        assertTrue(gone.getMessage().startsWith("The state database " + pg.url("no_such_db") + " does not exist"), gone.getMessage());
    }

    private Holder holder() {
        return Holder.current("apply");
    }

    private static NodeRecord node(String name) {
        return NodeRecord.builder(name).group("worker").index(1).providerId("i-" + name).endpoint("127.0.0.1", 40122)
                .status(NodeStatus.RUNNING, null).createdAt(Instant.parse("2026-11-24T16:50:02Z")).build();
    }

    /** The sessions holding an advisory lock in this test's database. */
    private List<Integer> lockSessions() throws SQLException {
        return pids("SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory'"
                + " AND l.granted AND a.datname = ?");
    }

    /** spotplay's sessions in this test's database that hold no lock: the store's. */
    private List<Integer> dataSessions() throws SQLException {
        List<Integer> all = pids("SELECT pid FROM pg_stat_activity WHERE application_name = 'spotplay' AND datname = ?");
        all.removeAll(lockSessions());
        assertEquals(1, all.size(), "one data session: " + all);
        return all;
    }

    private List<Integer> pids(String sql) throws SQLException {
        try (Connection c = pg.connect(database); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, database);
            List<Integer> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getInt(1));
                }
            }
            return out;
        }
    }

    private void terminate(List<Integer> pids) throws SQLException {
        assertFalse(pids.isEmpty());
        try (Connection c = pg.connect(database); PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?, 10000)")) {
            for (int pid : pids) {
                ps.setInt(1, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertTrue(rs.getBoolean(1), "terminated " + pid);
                }
            }
        }
    }

    /** Another "machine": its own login, from its own environment, and a home without a password file. */
    private Process start(long millis) throws IOException {
        Map<String, String> env = new java.util.HashMap<>(pg.env());
        env.put("HOME", home.toString());
        Process p = OtherJvm.start(PgHolderMain.class, env, pg.url(database), Long.toString(millis));
        otherOut = OtherJvm.stdout(p);
        return p;
    }

    private void awaitLine(String expected) throws IOException {
        OtherJvm.awaitLine(otherOut, expected);
    }
}
