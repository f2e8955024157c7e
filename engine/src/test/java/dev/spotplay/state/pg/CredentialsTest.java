package dev.spotplay.state.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The login, found as libpq finds it: PGUSER, PGPASSWORD, PGPASSFILE or ~/.pgpass, PGSSLMODE. */
class CredentialsTest {

    private static final PgAddress DB = new PgAddress("db.example", 5432, "spotplay", null);

    @TempDir
    Path home;

    @Test
    void pgpasswordWinsOverThePasswordFile() throws Exception {
        pgpass(home.resolve(".pgpass"), "*:*:*:*:fromfile\n");
        Properties p = Credentials.of(DB, Map.of("PGUSER", "ci", "PGPASSWORD", "fromenv"), home).properties();
        assertEquals("ci", p.getProperty("user"));
        assertEquals("fromenv", p.getProperty("password"));
        assertEquals("prefer", p.getProperty("sslmode"));
    }

    @Test
    void theFirstMatchingLineOfThePasswordFileWithWildcardsAndEscapes() throws Exception {
        pgpass(home.resolve(".pgpass"), "# team\nother:5432:spotplay:ci:no\ndb.example:5432:spotplay:bob:no\n"
                + "db.example:*:spotplay:ci:pa\\:ss\\\\word\n*:*:*:*:fallback\n");
        assertEquals("pa:ss\\word", Credentials.of(DB, Map.of("PGUSER", "ci"), home).properties().getProperty("password"));
        assertEquals("fallback", Credentials.of(DB, Map.of("PGUSER", "eve"), home).properties().getProperty("password"));
    }

    @Test
    void pgpassfileNamesAnotherFileAndTheUrlsUserWins() throws Exception {
        Path file = home.resolve("team.pgpass");
        pgpass(file, "*:*:*:alice:hers\n*:*:*:ci:ci's\n");
        PgAddress withUser = new PgAddress("db.example", 5432, "spotplay", "alice");
        Properties p = Credentials.of(withUser, Map.of("PGUSER", "ci", "PGPASSFILE", file.toString()), home).properties();
        assertEquals("alice", p.getProperty("user"));
        assertEquals("hers", p.getProperty("password"));
    }

    @Test
    void noPasswordAnywhereLeavesItToTheServerAndAnOpenFileIsRefused() throws Exception {
        assertFalse(Credentials.of(DB, Map.of("PGUSER", "ci"), home).properties().containsKey("password"));
        Path file = home.resolve(".pgpass");
        Files.writeString(file, "*:*:*:*:secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        UserError e = assertThrows(UserError.class, () -> Credentials.of(DB, Map.of("PGUSER", "ci"), home));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void anUnknownSslModeIsRefusedAndAKnownOneGoesToTheDriver() {
        assertThrows(UserError.class, () -> Credentials.of(DB, Map.of("PGSSLMODE", "maybe"), home));
        assertEquals("verify-full", Credentials.of(DB, Map.of("PGSSLMODE", "verify-full"), home).properties().getProperty("sslmode"));
    }

    private static void pgpass(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
