package dev.spotplay.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.module.ScriptBatch;
import dev.spotplay.module.StepResult;
import dev.spotplay.module.StepScript;
import dev.spotplay.testing.Integration;
import dev.spotplay.testing.TestThreads;
import dev.spotplay.testing.TrustOnFirstUse;
import dev.spotplay.transport.Connection;
import dev.spotplay.transport.Endpoint;
import dev.spotplay.transport.local.LocalConnector;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The local transport ({@code ansible_connection=local}) keeps the contract every SSH server
 * keeps, with real processes on this machine; and a batch of steps, with its clock and kill, runs
 * on it as on a node.
 */
@Integration
class LocalConnectionContractTest extends ConnectionContract {
    /** Where a local endpoint points does not matter: it is never dialled. */
    static final Endpoint LOCAL = new Endpoint("controller", "192.0.2.1", 1, "nobody", Path.of("/nonexistent"), Duration.ofSeconds(1))
            .asLocal();

    @Override
    Endpoint endpoint() {
        return LOCAL;
    }

    @Override
    Connection connect() throws IOException {
        LocalConnector c = new LocalConnector((e, p, d) -> {
            throw new AssertionError("a local endpoint went to SSH: " + e);
        }, TestThreads.IO);
        return c.connect(LOCAL, TrustOnFirstUse.acceptAll(), System.currentTimeMillis() + 15_000);
    }

    @Test
    void commandsRunInTheUsersHomeThroughBashAsTheUser() throws IOException {
        assertEquals(System.getProperty("user.home"), conn.exec("pwd", T).stdout().strip());
        assertEquals(System.getProperty("user.name"), conn.exec("id -un", T).stdout().strip());
        assertTrue(!conn.exec("echo $BASH_VERSION", T).stdout().isBlank(), "bash runs the script");
    }

    @Test
    void aBatchRunsAndAStepPastItsTimeoutIsKilledWithItsChildren() throws Exception {
        String marker = "spotplay-local-sleep-" + System.nanoTime();
        String sleep = scratch + "/" + marker;
        ScriptBatch.Outcome o = ScriptBatch.run(conn, List.of(
                new ScriptBatch.Entry(new StepScript("mkdir -p " + scratch + " && ln -s \"$(command -v sleep)\" " + sleep
                        + "\nprintf 'changed ready\\n' >&3"), T),
                new ScriptBatch.Entry(new StepScript(sleep + " 61 &\n" + sleep + " 61"), Duration.ofSeconds(2)),
                new ScriptBatch.Entry(new StepScript("touch " + scratch + "/third"), T)));
        assertEquals(2, o.results().size(), o.toString());
        assertEquals(StepResult.changed("ready", ""), o.results().get(0));
        assertEquals(StepResult.failed("timed out after 2s", ""), o.results().get(1));
        assertEquals("", dev.spotplay.testing.NodeProcesses.awaitGone(conn, marker), "the step's sleeps were killed");
        assertEquals("no", conn.exec("[ -e " + scratch + "/third ] && echo yes || echo no", T).stdout().strip());
    }
}
