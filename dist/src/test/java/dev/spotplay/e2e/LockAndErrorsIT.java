package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.EndToEnd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two applies at once, bad playbooks, and the no-terminal rule, through the built ./spotplay. */
@EndToEnd
class LockAndErrorsIT {
    @TempDir Path dir;

    @BeforeAll
    static void built() throws IOException {
        Cli.markBuilt();
    }

    @Test
    void secondApplyFailsAtOnceNamingTheHolder() throws Exception {
        Files.writeString(dir.resolve("slow.yml"), """
                name: slow
                groups:
                  box:
                    count: 1
                steps:
                  - name: wait a while
                    shell: sleep 8
                """);
        Path second = Files.createDirectories(dir.resolve("second"));
        Process first = Cli.start(dir, "apply", "slow.yml", "--yes");
        try {
            Cli.awaitOut(dir, first, "setting up"); // it holds the lock by then
            long t0 = System.currentTimeMillis();
            Cli.Result blocked = Cli.run(second, "apply", "../slow.yml", "--yes");
            long took = System.currentTimeMillis() - t0;
            assertEquals(1, blocked.code(), blocked.both());
            assertTrue(blocked.err().contains("locked by apply"), blocked.err());
            // ./spotplay execs java, so the holder is the very process the test started.
            assertTrue(blocked.err().contains("(pid " + first.pid() + ")"), "names the holder's pid " + first.pid() + ": " + blocked.err());
            assertFalse(blocked.err().contains("Exception"), blocked.err());
            System.out.println("second apply refused after " + took + " ms");
            assertTrue(first.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, first.exitValue(), Cli.read(dir, "out") + Cli.read(dir, "err"));
        } finally {
            first.destroy();
            first.waitFor(30, TimeUnit.SECONDS);
            Cli.run(dir, "destroy", "slow.yml", "--yes");
        }
    }

    @Test
    void stateLocationPicksTheBackendAndAnUnknownSchemeIsOneLine() throws Exception {
        Files.writeString(dir.resolve("one.yml"), """
                name: one
                groups:
                  box:
                    count: 1
                """);
        Cli.Result unknown = Cli.run(dir, "plan", "one.yml", "--state", "mysql://alice:s3cret@db/spotplay");
        assertEquals(1, unknown.code(), unknown.both());
        assertEquals("Error: Unknown state scheme \"mysql:\" in --state (this build takes PATH, file:PATH, h2:PATH, postgresql://HOST:PORT/DB);"
                + " a file whose name has a colon is written ./NAME.", unknown.err().strip());
        assertFalse(unknown.both().contains("s3cret"), unknown.both());
        Cli.Result password = Cli.run(dir, "plan", "one.yml", "--state", "postgres://alice:s3cret@db/spotplay");
        assertEquals(1, password.code(), password.both());
        assertTrue(password.err().contains("holds a password; spotplay takes it only from PGPASSWORD or ~/.pgpass"), password.err());
        assertFalse(password.both().contains("s3cret"), password.both());

        Cli.Result h2 = Cli.run(dir, "plan", "one.yml", "--state", "h2:elsewhere/one.mv.db");
        assertEquals(0, h2.code(), h2.both());
        assertTrue(h2.out().contains("1 node"), h2.out());
        assertFalse(Files.exists(dir.resolve("elsewhere")), "plan creates no state");
        assertFalse(Files.exists(dir.resolve(".spotplay")), "nor the default one");
    }

    @Test
    void badPlaybookIsRefusedWithFileLineAndNoState() throws Exception {
        Files.writeString(dir.resolve("bad.yml"), """
                name: bad
                groups:
                  worker:
                    count: 2
                    instnace_type: t3.small
                steps:
                  - name: oops
                    shell: echo {{ undefined_var }}
                """);
        for (String command : new String[] {"validate", "plan", "apply"}) {
            Cli.Result r = command.equals("apply") ? Cli.run(dir, command, "bad.yml", "--yes") : Cli.run(dir, command, "bad.yml");
            assertEquals(1, r.code(), command + ": " + r.both());
            assertTrue(r.err().contains("bad.yml:5:"), command + ": " + r.err());
            assertTrue(r.err().contains("instance_type"), "did-you-mean: " + r.err());
            assertTrue(r.err().contains("undefined_var"), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
        assertFalse(Files.exists(dir.resolve(".spotplay")), "nothing written");
    }

    @Test
    void applyWithoutTerminalNeedsYes() throws Exception {
        Files.writeString(dir.resolve("one.yml"), "name: one\ngroups:\n  box:\n    count: 1\n");
        Cli.Result r = Cli.run(dir, "apply", "one.yml");
        assertEquals(1, r.code(), r.both());
        assertTrue(r.err().contains("--yes"), r.err());
        Cli.Result missing = Cli.run(dir, "plan", "nope.yml");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nope.yml"), missing.err());
        Cli.Result badArg = Cli.run(dir, "plan", "one.yml", "--frobnicate");
        assertEquals(1, badArg.code(), badArg.both());
    }
}
