package dev.spotplay.state.h2;

import dev.spotplay.state.StateLocation;
import dev.spotplay.state.StateStoreContract;
import dev.spotplay.testing.Integration;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The state contract, run against H2 state files. */
/** H2 files are real components: the integration tier. */
@Integration
class H2StateStoreContractTest extends StateStoreContract {

    @TempDir
    Path dir;

    private int made;

    @Override
    protected StateLocation newLocation() {
        return new H2Backend().locate(dir.resolve("s" + ++made).resolve(".spotplay/demo.mv.db").toString(), "demo");
    }
}
