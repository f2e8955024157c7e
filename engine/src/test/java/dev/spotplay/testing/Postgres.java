package dev.spotplay.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server on 127.0.0.1, one per test JVM: the one {@code ./test.sh} started
 * ({@code SPOTPLAY_TEST_PG_DIR}, holding {@code postgres.env}), else one started here with
 * {@code scripts/postgres-fixture.sh} and stopped when the JVM exits. Never skipped: a test that
 * needs it and cannot have it fails. Each test takes a fresh database of its own.
 */
public final class Postgres {
    private static Postgres instance;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path dir;
    private final Map<String, String> env;

    private Postgres(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    public static synchronized Postgres get() {
        Tier.requireIntegration("PostgreSQL");
        if (instance == null) {
            try {
                instance = start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start PostgreSQL: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    private static Postgres start() throws IOException {
        String shared = System.getenv("SPOTPLAY_TEST_PG_DIR");
        Path dir;
        if (shared != null && !shared.isBlank()) {
            dir = Path.of(shared);
        } else {
            dir = Files.createTempDirectory("spotplay-pg-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // the server's user walks into it
        }
        if (!Files.exists(dir.resolve("postgres.env"))) {
            Scripts.run("postgres-fixture.sh", "start", dir.toString());
            if (shared == null || shared.isBlank()) {
                Path started = dir;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Scripts.run("postgres-fixture.sh", "stop", started.toString());
                    } catch (IOException ignored) {
                        // exiting anyway
                    }
                }));
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("postgres.env"))) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.startsWith("PG")) {
                env.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return new Postgres(dir, Map.copyOf(env));
    }

    /** The fixture's folder (its server log is {@code data/server.log}). */
    public Path dir() {
        return dir;
    }

    /** PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE: the libpq environment that logs in. */
    public Map<String, String> env() {
        return env;
    }

    public String host() {
        return env.get("PGHOST");
    }

    public int port() {
        return Integer.parseInt(env.get("PGPORT"));
    }

    public String password() {
        return env.get("PGPASSWORD");
    }

    /** {@code postgresql://127.0.0.1:PORT/DB}, as a user writes it for --state. */
    public String url(String database) {
        return "postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** A new, empty database for one test. */
    public String createDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = connect(env.get("PGDATABASE")); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    /**
     * Ends every session spotplay has open on {@code database}, as a database restart or a
     * dropped network would (waiting up to 10 s for each to go); returns how many there were.
     */
    public int terminateSpotplaySessions(String database) throws SQLException {
        try (Connection c = connect(database);
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT count(pg_terminate_backend(pid, 10000)) FROM pg_stat_activity"
                     + " WHERE application_name = 'spotplay' AND datname = ?")) {
            ps.setString(1, database);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** A superuser session on {@code database}, for tests to look at what spotplay wrote. */
    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", env.get("PGUSER"));
        p.setProperty("password", password());
        return DriverManager.getConnection("jdbc:postgresql://" + host() + ":" + port() + "/" + database, p);
    }
}
