package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotplay.testing.EndToEnd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and kill -9 of the CLI at any moment of an apply: the nodes survive (they are not in
 * the CLI's process group), nothing is lost track of, and the next apply finishes the job with
 * exactly one process per node.
 */
@EndToEnd
class InterruptIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    @BeforeAll
    static void built() throws IOException {
        Cli.markBuilt();
    }

    @AfterEach
    void destroy() throws Exception {
        Cli.run(dir, "destroy", "irq.yml", "--yes");
        assertEquals(List.of(), nodeProcesses(), "destroy left node processes");
        assertEquals(List.of(), Cli.clusterDaemons(dir), "destroy left the cluster's daemon");
    }

    private void playbook() throws IOException {
        Cli.writeSlowPlaybook(dir.resolve("irq.yml"), "irq");
    }

    /** Node server processes whose folder lies in this test's cluster. */
    private List<ProcessHandle> nodeProcesses() {
        return Cli.nodeProcesses(dir.resolve(".spotplay/irq/nodes"));
    }

    @Test
    void ctrlCDuringSetupLeavesNodesRunningAndApplyResumes() throws Exception {
        playbook();
        Process cli = Cli.start(dir, true, "apply", "irq.yml", "--yes");
        long deadline = System.currentTimeMillis() + 120_000;
        while (!Cli.read(dir, "out").contains("a: setting up") && cli.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Cli.read(dir, "out").contains("a: setting up"), Cli.read(dir, "out"));
        // Nodes launch and set up independently, so some of b's may still be launching: every
        // node that is up now must survive, and the resume must account for those in flight.
        List<ProcessHandle> up = nodeProcesses();
        assertTrue(up.size() >= 1, "a's first node is up");
        // Ctrl-C on a terminal sends SIGINT to the foreground process group: the CLI's group.
        new ProcessBuilder("kill", "-INT", "--", "-" + cli.pid()).inheritIO().start().waitFor();
        assertTrue(cli.waitFor(30, TimeUnit.SECONDS), "the CLI stops on Ctrl-C");
        assertTrue(!Cli.read(dir, "out").contains("Apply complete"), "interrupted before the end:\n" + Cli.read(dir, "out"));
        for (ProcessHandle node : up) {
            assertTrue(node.isAlive(), "node process " + node.pid() + " survives Ctrl-C");
        }
        assertTrue(Cli.read(dir, "err").contains("run apply again to resume"), Cli.read(dir, "err"));

        Cli.Result resume = Cli.run(dir, "apply", "irq.yml", "--yes");
        assertEquals(0, resume.code(), resume.both());
        assertEquals(4, nodeProcesses().size(), "exactly one process per node after the resume");
        for (ProcessHandle node : up) {
            assertTrue(node.isAlive(), "the resume keeps node process " + node.pid() + " rather than replacing it");
        }
        assertAllRunning();
    }

    @Test
    void killMinus9AtRandomMomentsNeverLosesOrDuplicatesANode() throws Exception {
        playbook();
        Random random = new Random(42);
        for (int trial = 0; trial < 6; trial++) {
            Process cli = Cli.start(dir, "apply", "irq.yml", "--yes");
            Thread.sleep(300 + random.nextInt(3000));
            cli.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            long perName = nodeProcesses().size();
            assertTrue(perName <= 4, "trial " + trial + ": " + perName + " node processes for 4 names");
        }
        Cli.Result finish = Cli.run(dir, "apply", "irq.yml", "--yes");
        assertEquals(0, finish.code(), finish.both());
        assertEquals(4, nodeProcesses().size(), "exactly one process per node");
        assertAllRunning();
        assertEquals(0, Cli.run(dir, "plan", "irq.yml", "--detailed-exitcode").code());
    }

    private void assertAllRunning() throws Exception {
        Cli.Result status = Cli.run(dir, "status", "irq.yml", "--json");
        JsonNode nodes = JSON.readTree(status.out()).get("nodes");
        assertEquals(4, nodes.size(), status.out());
        for (JsonNode n : nodes) {
            assertEquals("running", n.get("status").asText(), n.toString());
            assertTrue(Files.exists(dir.resolve(".spotplay/irq/nodes/" + n.get("name").asText() + "/home/marker")), n.toString());
        }
    }
}
