package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the end-to-end tests of one local cluster {@code t} (playbook {@code t.yml} in a fresh
 * folder) share: the build is current, and after each test destroy leaves no node process and
 * no cluster daemon.
 */
abstract class LocalClusterIT {
    @TempDir Path dir;

    @BeforeAll
    static void built() throws IOException {
        Cli.markBuilt();
    }

    @AfterEach
    void destroy() throws Exception {
        Cli.run(dir, "destroy", "t.yml", "--yes");
        assertEquals(List.of(), running(), "destroy left node processes");
        assertEquals(List.of(), Cli.clusterDaemons(dir), "destroy left the cluster daemon");
    }

    /** The nodes of {@code t} whose process runs, sorted. */
    List<String> running() {
        return Cli.runningNodes(dir.resolve(".spotplay/t"));
    }
}
