package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.provider.aws.MotoCluster;
import dev.spotplay.testing.EndToEnd;
import dev.spotplay.testing.Postgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Team state on the EC2 emulator: the state database's sessions are cut while ./spotplay is
 * launching (what a database restart or a dropped network does); the apply stops with one line,
 * and the next one ends with exactly the desired instances, none launched twice.
 */
@EndToEnd
class AwsTeamStateIT {
    static final List<String> DESIRED = List.of("head001", "worker001", "worker002");

    @TempDir Path dir;

    @BeforeAll
    static void built() throws IOException {
        Cli.markBuilt();
    }

    @Test
    void aConnectionCutWhileLaunchingStopsTheApplyAndTheNextLeavesExactlyTheDesiredInstances() throws Exception {
        Postgres pg = Postgres.get();
        String database = pg.createDatabase();
        String url = pg.url(database);
        MotoCluster c = new MotoCluster(dir, "team");
        Path pb = c.playbook(c.moto.url(), 2);
        Process first = Cli.start(dir, false, pg.env(), "apply", pb.toString(), "--state", url, "--yes");
        try {
            Cli.awaitOut(dir, first, "worker: launching");
            assertEquals(2, pg.terminateSpotplaySessions(database), "the lock's session and the store's");
            assertTrue(first.waitFor(300, TimeUnit.SECONDS));
            String err = Cli.read(dir, "err");
            assertEquals(1, first.exitValue(), Cli.read(dir, "out") + err);
            String line = "Error: Lost the connection to the state database " + url + " ";
            assertTrue(err.contains(line), Cli.read(dir, "out") + err);
            assertEquals(1, err.split(java.util.regex.Pattern.quote(line), -1).length - 1, "said once: " + err);
            assertFalse(err.contains("\tat "), err);
            assertFalse((Cli.read(dir, "out") + err).contains(pg.password()));
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
        Cli.Result again = Cli.run(dir, pg.env(), "apply", pb.toString(), "--state", url, "--yes");
        assertEquals(0, again.code(), again.both());
        assertEquals(DESIRED, c.liveNames(), "one instance per name: none launched twice, none leaked");
        Cli.Result plan = Cli.run(dir, pg.env(), "plan", pb.toString(), "--state", url, "--detailed-exitcode");
        assertEquals(0, plan.code(), "converged: " + plan.both());
        Cli.Result destroy = Cli.run(dir, pg.env(), "destroy", pb.toString(), "--state", url, "--yes", "--include-storage");
        assertEquals(0, destroy.code(), destroy.both());
        assertEquals(List.of(), c.liveNames());
    }
}
