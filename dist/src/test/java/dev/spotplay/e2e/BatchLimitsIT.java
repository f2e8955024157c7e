package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.EndToEnd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits of steps sent together, through the built {@code ./spotplay} on the local provider:
 * a step's own timeout holds in a batch, and a step whose output ends in one huge line converges.
 */
@EndToEnd
class BatchLimitsIT {
    @TempDir Path dir;

    @BeforeAll
    static void built() throws IOException {
        Cli.markBuilt();
    }

    @AfterEach
    void destroy() throws Exception {
        Cli.run(dir, "destroy", "c.yml", "--yes");
    }

    private void write(String name, String steps) throws IOException {
        Files.writeString(dir.resolve("c.yml"), "name: " + name + "\ngroups:\n  app:\n    count: 1\nsteps:\n" + steps);
    }

    @Test
    void aStepsOwnTimeoutHoldsBetweenDefaultSteps() throws Exception {
        String marker = "spotplay-it-sleep-" + System.nanoTime();
        write("slow", """
                  - name: first
                    shell: echo one > first.log
                  - name: slow
                    timeout: 3s
                    shell: |
                      ln -sf "$(command -v sleep)" ./%s
                      echo started
                      ./%s 61 &
                      ./%s 61
                  - name: third
                    shell: echo three > third.log
                """.formatted(marker, marker, marker));
        long t0 = System.nanoTime();
        Cli.Result apply = Cli.run(dir, "apply", "c.yml", "--yes");
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(1, apply.code(), apply.both());
        assertTrue(apply.out().contains("failed at \"slow\""), apply.out());
        assertTrue(apply.out().contains("timed out after 3s"), apply.out());
        // A deadline, not a speed claim: sleep 61 would have held it past a minute.
        assertTrue(took < 45_000, "the apply ended at the step's timeout, not after sleep 61: " + took + " ms");
        Path home = dir.resolve(".spotplay/slow/nodes/app001/home");
        assertTrue(Files.exists(home.resolve("first.log")));
        assertFalse(Files.exists(home.resolve("third.log")), "the steps after the timed-out one did not run");
        assertEquals(List.of(), awaitGone(marker), "the step's processes, its background child too, were killed");

        Cli.Result plan = Cli.run(dir, "plan", "c.yml");
        assertTrue(plan.out().contains("run \"slow\" on app001  (failed last time)"), "the next apply retries it:\n" + plan.out());
        assertFalse(plan.out().contains("run \"first\""), plan.out());
    }

    @Test
    void aStepWhoseOutputEndsInOneHugeLineConverges() throws Exception {
        write("loud", """
                  - name: big line
                    shell: head -c 2000000 /dev/zero | tr '\\0' x
                  - name: huge output
                    shell: head -c 50000000 /dev/zero | tr '\\0' z
                  - name: after
                    shell: echo done > after.log
                """);
        Cli.Result first = Cli.run(dir, "apply", "c.yml", "--yes");
        assertEquals(0, first.code(), first.both());
        assertTrue(Files.exists(dir.resolve(".spotplay/loud/nodes/app001/home/after.log")));
        assertEquals(0, Cli.run(dir, "plan", "c.yml", "--detailed-exitcode").code(), "nothing is left to run");
        Cli.Result second = Cli.run(dir, "apply", "c.yml", "--yes");
        assertEquals(0, second.code(), second.both());
    }

    @Test
    void aFailingStepThatPrintsAHugeLineIsBlamedWithItsOwnExitCode() throws Exception {
        write("blame", """
                  - name: loud failure
                    shell: head -c 2000000 /dev/zero | tr '\\0' y; exit 6
                  - name: innocent
                    shell: echo fine
                """);
        Cli.Result apply = Cli.run(dir, "apply", "c.yml", "--yes");
        assertEquals(1, apply.code(), apply.both());
        assertTrue(apply.out().contains("failed at \"loud failure\""), apply.out());
        assertTrue(apply.out().contains("exit 6"), apply.out());
        assertFalse(apply.out().contains("failed at \"innocent\""), apply.out());
        assertTrue(apply.out().length() < 64 * 1024, "the report shows a bounded tail: " + apply.out().length() + " chars");
    }

    /** Polls (10 s at most) until no live process's command line holds {@code marker}; zombies are dead already. */
    private static List<String> awaitGone(String marker) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> found = running(marker);
        while (!found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            found = running(marker);
        }
        return found;
    }

    private static List<String> running(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .toList();
    }
}
