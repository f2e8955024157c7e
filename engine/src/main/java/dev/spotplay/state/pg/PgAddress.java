package dev.spotplay.state.pg;

import dev.spotplay.diag.UserError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A PostgreSQL database as {@code --state} names it, {@code postgresql://HOST:PORT/DB} (or
 * {@code postgres://}), as libpq reads such a URI: a missing host, port or database is taken from
 * PGHOST, PGPORT, PGDATABASE (else localhost, 5432, the user's name), and a user may be named
 * ({@code postgresql://alice@db/spotplay}). A password in it is refused: a location is shown in
 * messages and process lists, a password belongs in PGPASSWORD or ~/.pgpass.
 */
record PgAddress(String host, int port, String database, String user) {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_.-]{1,63}");

    static PgAddress parse(String location, Map<String, String> env) {
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            throw bad(location, "it is not a URL (" + e.getReason() + ")");
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            // the scheme and host only: never echo what may be a password
            throw new UserError("State location " + uri.getScheme() + "://" + (uri.getHost() == null ? "" : uri.getHost())
                    + "/... holds a password; spotplay takes it only from PGPASSWORD or ~/.pgpass (or the file PGPASSFILE names).\n"
                    + "Write --state " + uri.getScheme() + "://HOST:PORT/DB and put the password there.");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw bad(location, "it has a ?query or #fragment; set connection options in the libpq environment (PGSSLMODE=...)");
        }
        String host = uri.getHost() != null ? uri.getHost() : env.getOrDefault("PGHOST", "localhost");
        if (!HOST.matcher(host).matches()) {
            throw bad(location, "its host \"" + host + "\" is not a host name or address");
        }
        int port;
        try {
            port = uri.getPort() >= 0 ? uri.getPort() : Integer.parseInt(env.getOrDefault("PGPORT", "5432"));
        } catch (NumberFormatException e) {
            throw bad(location, "PGPORT is not a port number");
        }
        if (port < 1 || port > 65535) {
            throw bad(location, "port " + port + " is out of range");
        }
        String user = userInfo != null ? uri.getUserInfo() : null;
        String path = uri.getPath() == null ? "" : uri.getPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.isEmpty()) {
            database = env.getOrDefault("PGDATABASE", "");
        }
        if (database.isEmpty()) {
            throw bad(location, "it names no database; write postgresql://HOST:PORT/DB");
        }
        if (!DATABASE.matcher(database).matches()) {
            throw bad(location, "its database name \"" + database + "\" is not one spotplay takes (letters, digits, _ . -)");
        }
        return new PgAddress(host, port, database, user);
    }

    /** The location as messages show it: never a password (it has none), the user only if one was named. */
    String display() {
        return "postgresql://" + (user == null ? "" : user + "@") + host + ":" + port + "/" + database;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    private static UserError bad(String location, String why) {
        return new UserError("State location \"" + redacted(location) + "\" is not a PostgreSQL database: " + why + ".");
    }

    /** The location with whatever stands before an @ left out (it may hold a secret). */
    private static String redacted(String location) {
        int at = location.lastIndexOf('@');
        int start = location.indexOf("//");
        return at > start && start >= 0 ? location.substring(0, start + 2) + "…@" + location.substring(at + 1) : location;
    }
}
