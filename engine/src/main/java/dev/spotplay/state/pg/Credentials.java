package dev.spotplay.state.pg;

import dev.spotplay.diag.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Who spotplay logs in as, found as libpq finds it and from nowhere else (never the playbook):
 * the user from the URL, else PGUSER, else the login name; the password from PGPASSWORD, else
 * the first matching line of the password file (PGPASSFILE, else {@code ~/.pgpass}:
 * {@code host:port:database:user:password}, {@code *} matching anything, {@code \:} and
 * {@code \\} escaped), which, as libpq requires, must not be readable by others; the TLS mode
 * from PGSSLMODE (default {@code prefer}). The password goes to the driver in its properties,
 * never into a URL, a message or a log.
 */
final class Credentials {

    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private final String user;
    private final Optional<String> password;
    private final String sslMode;

    private Credentials(String user, Optional<String> password, String sslMode) {
        this.user = user;
        this.password = password;
        this.sslMode = sslMode;
    }

    static Credentials of(PgAddress address, Map<String, String> env, Path home) {
        String user = address.user() != null ? address.user()
                : env.getOrDefault("PGUSER", System.getProperty("user.name", "postgres"));
        String sslMode = env.getOrDefault("PGSSLMODE", "prefer");
        if (!SSL_MODES.contains(sslMode)) {
            throw new UserError("PGSSLMODE=" + sslMode + " is not one of " + String.join(", ", new java.util.TreeSet<>(SSL_MODES)) + ".");
        }
        Optional<String> password = Optional.ofNullable(env.get("PGPASSWORD")).filter(p -> !p.isEmpty());
        if (password.isEmpty()) {
            String named = env.get("PGPASSFILE");
            Path file = named != null && !named.isEmpty() ? Path.of(named) : home.resolve(".pgpass");
            password = fromFile(file, address, user);
        }
        return new Credentials(user, password, sslMode);
    }

    String user() {
        return user;
    }

    /** For the driver: user, password (if any), sslmode. */
    Properties properties() {
        Properties p = new Properties();
        p.setProperty("user", user);
        password.ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("sslmode", sslMode);
        return p;
    }

    /** The password of the first line that matches, as libpq reads the file. */
    static Optional<String> fromFile(Path file, PgAddress address, String user) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.stream().anyMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"))) {
                throw new UserError("Password file " + file + " may be read by others; libpq, and so spotplay, uses it only"
                        + " when it is private: chmod 600 " + file);
            }
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> f = fields(line);
                if (f.size() == 5 && matches(f.get(0), address.host()) && matches(f.get(1), Integer.toString(address.port()))
                        && matches(f.get(2), address.database()) && matches(f.get(3), user)) {
                    return Optional.of(f.get(4));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UserError("Cannot read the password file " + file + ": " + e.getClass().getSimpleName() + ".");
        }
    }

    private static boolean matches(String field, String value) {
        return field.equals("*") || field.equals(value);
    }

    /** Splits at unescaped colons; the last field takes the rest of the line. */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
            } else if (ch == ':' && out.size() < 4) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
