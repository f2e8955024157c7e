package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.EndToEnd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code autostop} on the local provider, end to end through {@code ./spotplay}: the nodes
 * decide (the CLI is not running while they go idle), a {@code stop} group's node is stopped
 * (folder kept, no process), a {@code terminate} group's is gone, a group without autostop keeps
 * running; the next plan and status say {@code autostopped}; start and apply bring them back.
 */
@EndToEnd
class LocalAutostopIT extends LocalClusterIT {

    /** Waits (up to a minute: every wait has a deadline) until only {@code expected} nodes have a process. */
    private void awaitRunning(List<String> expected) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!running().equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(expected, running(), "the idle nodes did not autostop within a minute");
    }

    @Test
    void idleNodesStopOrTerminateThemselves() throws Exception {
        Files.writeString(dir.resolve("t.yml"), """
                name: t
                groups:
                  web: { count: 1, autostop: { idle: 4s } }
                  batch: { count: 1, autostop: { idle: 4s, action: terminate } }
                  db: { count: 1 }
                steps:
                  - name: count
                    shell: echo ran >> runs.txt
                """);
        Cli.Result apply = Cli.run(dir, "apply", "t.yml", "--yes");
        assertEquals(0, apply.code(), apply.both());
        // The CLI has exited: what follows is the nodes' own doing.
        awaitRunning(List.of("db001"));

        Path web = dir.resolve(".spotplay/t/nodes/web001");
        assertTrue(Files.exists(web.resolve("home/runs.txt")), "a stopped node keeps its home");
        // The daemon ends a terminated node's process first and empties its folder after: wait for that too.
        Path batchHome = dir.resolve(".spotplay/t/nodes/batch001/home");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (Files.exists(batchHome) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(Files.exists(batchHome), "a terminated node keeps nothing (30 s after its process ended)");

        Cli.Result status = Cli.run(dir, "status", "t.yml");
        assertEquals(0, status.code(), status.both());
        assertTrue(status.out().matches("(?s).*web001\\s+web\\s+stopped.*autostopped: idle for 4s.*"), status.out());
        assertTrue(status.out().matches("(?s).*batch001\\s+batch\\s+gone.*autostopped: idle for 4s.*"), status.out());
        assertTrue(status.out().matches("(?s).*db001\\s+db\\s+running.*"), status.out());

        Cli.Result plan = Cli.run(dir, "plan", "t.yml");
        assertEquals(0, plan.code(), plan.both());
        assertTrue(plan.out().matches("(?s).*-/\\+ node batch\\.batch001\\s+\\(autostopped: idle for 4s.*"), plan.out());
        assertTrue(plan.out().contains("autostopped: web001"), plan.out());
        assertFalse(plan.out().contains("node web.web001"), "a stopped node is not replaced: " + plan.out());

        Cli.Result start = Cli.run(dir, "start", "t.yml", "web", "--yes");
        assertEquals(0, start.code(), start.both());
        Cli.Result again = Cli.run(dir, "apply", "t.yml", "--yes");
        assertEquals(0, again.code(), again.both());
        assertTrue(again.out().contains("batch.batch001"), "the terminated one is launched again: " + again.out());
        assertEquals("ran\n", Files.readString(web.resolve("home/runs.txt")), "nothing ran again on the started one");
        // Both come back and, left alone, go again: autostop holds for resumed and relaunched nodes too.
        awaitRunning(List.of("db001"));
    }
}
