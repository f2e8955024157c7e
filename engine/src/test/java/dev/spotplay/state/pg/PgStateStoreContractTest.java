package dev.spotplay.state.pg;

import dev.spotplay.state.StateLocation;
import dev.spotplay.state.StateStoreContract;
import dev.spotplay.testing.Integration;
import dev.spotplay.testing.Postgres;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The state contract, run against a real PostgreSQL server: each location a fresh database. */
@Integration
class PgStateStoreContractTest extends StateStoreContract {

    @TempDir
    Path home;

    @Override
    protected StateLocation newLocation() {
        Postgres pg = Postgres.get();
        return new PgBackend(pg.env(), home).locate(pg.url(pg.createDatabase()), "demo");
    }
}
