package dev.spotplay.state.pg;

import dev.spotplay.diag.UserError;
import dev.spotplay.state.Holder;
import dev.spotplay.state.StateLocation;
import dev.spotplay.state.StateStore;
import dev.spotplay.state.sql.EmptyStateStore;
import dev.spotplay.state.sql.Schema;
import dev.spotplay.state.sql.SqlStateStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * One cluster's state in a PostgreSQL database: the tables of the shared schema
 * ({@link Schema}), in a PostgreSQL schema of the cluster's own, {@code spotplay_<cluster>}. A
 * writer holds the cluster's {@link AdvisoryLock} on one connection and writes on another; a
 * reader takes no lock (PostgreSQL's snapshots never block a writer, nor it them) and reads in
 * read-only transactions.
 */
final class PgLocation implements StateLocation {

    /** Seconds: connecting, and waiting for any one answer of the server (a wait always has a deadline). */
    private static final String CONNECT_TIMEOUT = "10";
    private static final String SOCKET_TIMEOUT = "120";

    /** PostgreSQL's driver, asked directly rather than through DriverManager (which would load every driver first). */
    private static final java.sql.Driver DRIVER = new org.postgresql.Driver();

    private final PgAddress address;
    private final String cluster;
    private final Supplier<Credentials> credentials;

    PgLocation(PgAddress address, String cluster, Supplier<Credentials> credentials) {
        this.address = address;
        this.cluster = cluster;
        this.credentials = () -> {
            // Tests and benchmarks run with SPOTPLAY_LOOPBACK_ONLY: no state database off this machine either.
            try {
                dev.spotplay.diag.LoopbackGuard.check(address.host(), "to the state database");
            } catch (IllegalStateException refused) {
                throw new dev.spotplay.diag.UserError(refused.getMessage() + ". Use a database on loopback, or unset "
                        + dev.spotplay.diag.LoopbackGuard.ENV + ".");
            }
            return credentials.get();
        };
    }

    /** {@code spotplay_demo}; cluster names are {@code [a-z][a-z0-9-]*}, so the mapping is one to one. */
    String schema() {
        return "spotplay_" + cluster.replace('-', '_');
    }

    @Override
    public String display() {
        return address.display();
    }

    @Override
    public boolean exists() {
        Credentials cr = credentials.get();
        try (Connection c = connect(cr, true)) {
            return hasState(c);
        } catch (SQLException e) {
            throw PgErrors.translate(e, display(), cr.user(), "opening");
        }
    }

    @Override
    public Optional<Path> folder() {
        return Optional.empty();
    }

    @Override
    public StateStore openReadOnly(Duration lockTimeout) {
        Credentials cr = credentials.get();
        Connection c = null;
        try {
            c = connect(cr, true);
            if (!hasState(c)) {
                c.close();
                return new EmptyStateStore();
            }
            c.setReadOnly(true); // the server refuses any write in its transactions
            int version = Schema.version(c);
            Schema.requireKnown(version, Schema.MIGRATIONS, display());
            if (version < Schema.latest(Schema.MIGRATIONS)) {
                throw new UserError("State " + display() + " of cluster \"" + cluster + "\" has schema version " + version
                        + ", older than this build's " + Schema.latest(Schema.MIGRATIONS) + "; an apply migrates it (plan and status only read).");
            }
            Schema.requireNotMoved(c, display());
            return new SqlStateStore(c, new PgDialect(display(), cr.user(), null), true);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw PgErrors.translate(e, display(), cr.user(), "opening");
        }
    }

    @Override
    public StateStore openForUpdate(String cluster, Holder holder, Duration lockTimeout) {
        return open(cluster, holder, lockTimeout, false);
    }

    @Override
    public StateStore openForMove(String cluster, Holder holder, Duration lockTimeout) {
        return open(cluster, holder, lockTimeout, true);
    }

    private StateStore open(String cluster, Holder holder, Duration lockTimeout, boolean allowMoved) {
        if (!cluster.equals(this.cluster)) {
            throw new UserError("State " + display() + " was opened for cluster \"" + this.cluster + "\", and so belongs to cluster \""
                    + this.cluster + "\", not \"" + cluster + "\".");
        }
        Credentials cr = credentials.get();
        AdvisoryLock lock;
        try {
            lock = AdvisoryLock.take(connect(cr, false), cluster, holder, lockTimeout, display());
        } catch (SQLException | RuntimeException e) {
            throw PgErrors.translate(e, display(), cr.user(), "opening");
        }
        Connection c = null;
        try {
            c = connect(cr, true);
            try (Statement st = c.createStatement()) {
                st.execute("SET synchronous_commit = on"); // a commit is on the server's disk when it returns, whatever the database's default
                st.execute("CREATE SCHEMA IF NOT EXISTS " + schema()); // under the cluster's lock: nobody else makes it meanwhile
            }
            c.setAutoCommit(false); // the migrations and the claim are transactions of their own
            Schema.migrate(c, Schema.MIGRATIONS, display());
            Schema.claim(c, cluster, display(), allowMoved);
            return new SqlStateStore(c, new PgDialect(display(), cr.user(), lock), false);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            lock.close();
            throw PgErrors.translate(e, display(), cr.user(), "opening");
        }
    }

    /** Whether this cluster's schema has its tables (a missing schema, or one a dead first apply left empty, has none). */
    private boolean hasState(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = ? AND tablename = 'meta'")) {
            ps.setString(1, schema());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    /** A new session; with {@code inSchema}, its unqualified names are the cluster's schema's. */
    private Connection connect(Credentials cr, boolean inSchema) throws SQLException {
        Properties p = cr.properties();
        p.setProperty("ApplicationName", "spotplay");
        p.setProperty("connectTimeout", CONNECT_TIMEOUT);
        p.setProperty("loginTimeout", CONNECT_TIMEOUT);
        p.setProperty("socketTimeout", SOCKET_TIMEOUT);
        p.setProperty("tcpKeepAlive", "true");
        if (inSchema) {
            p.setProperty("currentSchema", schema());
        }
        return DRIVER.connect(address.jdbcUrl(), p);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // it is being given up anyway
            }
        }
    }
}
