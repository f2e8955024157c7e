package dev.spotplay.state.pg;

import dev.spotplay.diag.UserError;
import dev.spotplay.state.StateBackend;
import dev.spotplay.state.StateBackends;
import dev.spotplay.state.StateLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * PostgreSQL, for a team: {@code postgresql://HOST:PORT/DB} (or {@code postgres://}). One
 * database holds many clusters, each in a schema of its own named after it; the login is
 * libpq's ({@link Credentials}).
 */
public final class PgBackend implements StateBackend {

    private static final Set<String> SCHEMES = Set.of("postgresql", "postgres");
    /** The playbook's cluster-name rule, which keeps a schema name plain (a dash becomes an underscore, which names never hold). */
    private static final Pattern CLUSTER = Pattern.compile("[a-z][a-z0-9-]{0,50}");

    private final Map<String, String> env;
    private final Path home;

    public PgBackend() {
        this(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** With the libpq environment and home folder given (tests). */
    PgBackend(Map<String, String> env, Path home) {
        this.env = Map.copyOf(env);
        this.home = home;
    }

    @Override
    public List<String> forms() {
        return List.of("postgresql://HOST:PORT/DB");
    }

    @Override
    public boolean accepts(String location) {
        return StateBackends.scheme(location).map(SCHEMES::contains).orElse(false);
    }

    @Override
    public StateLocation locate(String location, String cluster) {
        if (cluster == null || !CLUSTER.matcher(cluster).matches()) {
            throw new UserError("Cluster name \"" + cluster + "\" cannot name a state in PostgreSQL (lower-case letters, digits and -).");
        }
        PgAddress address = PgAddress.parse(location, env);
        return new PgLocation(address, cluster, () -> Credentials.of(address, env, home));
    }
}
