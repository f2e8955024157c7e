package dev.spotplay.state.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.UserError;
import dev.spotplay.state.StateBackends;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How --state postgresql://... is read, as libpq reads a connection URI. */
class PgAddressTest {

    @Test
    void hostPortAndDatabaseComeFromTheUrlElseFromTheLibpqEnvironment() {
        assertEquals(new PgAddress("db.example", 6432, "spotplay", null), PgAddress.parse("postgresql://db.example:6432/spotplay", Map.of()));
        assertEquals(new PgAddress("localhost", 5432, "spotplay", null), PgAddress.parse("postgres:///spotplay", Map.of()));
        assertEquals(new PgAddress("10.0.0.5", 5433, "team", null),
                PgAddress.parse("postgresql:///", Map.of("PGHOST", "10.0.0.5", "PGPORT", "5433", "PGDATABASE", "team")));
        assertEquals(new PgAddress("db", 5432, "s", "alice"), PgAddress.parse("postgresql://alice@db/s", Map.of()));
        assertEquals("postgresql://alice@db:5432/s", PgAddress.parse("postgresql://alice@db/s", Map.of()).display());
        assertEquals("jdbc:postgresql://db:5432/s", PgAddress.parse("postgresql://db/s", Map.of()).jdbcUrl());
    }

    @Test
    void aPasswordInTheUrlIsRefusedWithoutRepeatingIt() {
        UserError e = assertThrows(UserError.class, () -> PgAddress.parse("postgresql://alice:s3cret@db:5432/spotplay", Map.of()));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertTrue(e.getMessage().contains("PGPASSWORD or ~/.pgpass"), e.getMessage());
    }

    @Test
    void queriesOddDatabaseNamesAndBadPortsAreRefused() {
        assertThrows(UserError.class, () -> PgAddress.parse("postgresql://db/s?sslmode=disable", Map.of()));
        assertThrows(UserError.class, () -> PgAddress.parse("postgresql://db/s;drop", Map.of()));
        assertThrows(UserError.class, () -> PgAddress.parse("postgresql://db:0/s", Map.of()));
        assertThrows(UserError.class, () -> PgAddress.parse("postgresql://db", Map.of()));
    }

    @Test
    void theBackendTakesBothSchemesAndAPlainPathIsStillH2s() {
        PgBackend pg = new PgBackend(Map.of(), java.nio.file.Path.of("/nonexistent"));
        assertTrue(pg.accepts("postgresql://db/s"));
        assertTrue(pg.accepts("POSTGRES://db/s"));
        assertFalse(pg.accepts("./postgresql.mv.db"));
        assertEquals("postgresql://db:5432/s", StateBackends.locate("postgresql://db/s", "demo").display());
        assertThrows(UserError.class, () -> pg.locate("postgresql://db/s", "Demo_1"));
    }

    @Test
    void withLoopbackOnlyADatabaseOffThisMachineIsRefusedBeforeAnyConnection() {
        System.setProperty("spotplay.loopbackOnly", "true");
        try {
            PgBackend pg = new PgBackend(Map.of("PGPASSWORD", "x"), java.nio.file.Path.of("/nonexistent"));
            UserError e = assertThrows(UserError.class, () -> pg.locate("postgresql://db.example.com/s", "demo")
                    .openReadOnly(java.time.Duration.ZERO));
            assertTrue(e.getMessage().contains("refusing to connect to the state database to db.example.com"), e.getMessage());
        } finally {
            System.clearProperty("spotplay.loopbackOnly");
        }
    }
}
