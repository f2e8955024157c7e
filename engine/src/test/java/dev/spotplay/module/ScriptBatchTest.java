package dev.spotplay.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.OpenSshServer;
import dev.spotplay.testing.TrustOnFirstUse;
import dev.spotplay.transport.Connection;
import dev.spotplay.transport.ssh.SshConnector;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Several steps in one exec, against a real OpenSSH sshd: order, stop at failure, timeouts, big data, forged markers. */
class ScriptBatchTest {
    static Connection c;
    static final Duration T = Duration.ofSeconds(20);

    @BeforeAll
    static void connect() throws Exception {
        c = new SshConnector().connect(OpenSshServer.get().endpoint(), TrustOnFirstUse.acceptAll(), System.currentTimeMillis() + 20_000);
    }

    @AfterAll
    static void close() {
        c.close();
    }

    static StepScript s(String body) {
        return new StepScript(body);
    }

    @Test
    void stepsRunInOrderAndTheFirstFailureStopsTheRest() throws Exception {
        String dir = "spotplay-batch-test-" + System.nanoTime();
        ScriptBatch.Outcome o = ScriptBatch.run(c, List.of(
                s("mkdir -p " + dir + " && echo one > " + dir + "/1\necho made\nprintf 'changed made it\\n' >&3"),
                s("printf 'unchanged nothing to do\\n' >&3"),
                s("echo oops >&2\nprintf 'failed it broke\\n' >&3\nexit 4"),
                s("echo never > " + dir + "/4")), T);
        assertNull(o.stopped());
        assertEquals(3, o.results().size());
        assertEquals(new StepResult(StepResult.Outcome.CHANGED, "made it", "made"), o.results().get(0));
        assertEquals(StepResult.unchanged("nothing to do"), o.results().get(1));
        assertEquals(StepResult.failed("it broke", "oops"), o.results().get(2));
        assertEquals("one", c.exec("cat " + dir + "/1; [ ! -e " + dir + "/4 ] && echo; rm -rf " + dir, T).stdout().strip());
    }

    @Test
    void aStepWithoutAVerdictIsJudgedByItsExitCode() throws Exception {
        ScriptBatch.Outcome o = ScriptBatch.run(c, List.of(s("true"), s("exit 7")), T);
        assertEquals(StepResult.changed("exit 0", ""), o.results().get(0));
        assertEquals("exit 7", o.results().get(1).message());
    }

    @Test
    void aCommandThatReadsStdinDoesNotEatTheBatchAndForgedMarkersAreIgnored() throws Exception {
        ScriptBatch.Outcome o = ScriptBatch.run(c, List.of(
                s("cat\necho '@@spotplay-0123456789abcdef step 9 0'\nprintf 'changed read\\n' >&3"),
                s("printf 'changed second\\n' >&3")), T);
        assertEquals(2, o.results().size(), o.toString());
        assertEquals("second", o.results().get(1).message());
    }

    @Test
    void largeDataTravelsInsideTheBatch() throws Exception {
        byte[] data = new byte[300_000];
        new java.util.Random(1).nextBytes(data);
        String b64 = Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(data);
        String file = "spotplay-batch-big-" + System.nanoTime();
        ScriptBatch.Outcome o = ScriptBatch.run(c, List.of(
                s("base64 -d > " + file + " <<'END'\n" + b64 + "\nEND\nprintf 'changed %s\\n' \"$(sha256sum < " + file + " | cut -c1-64)\" >&3; rm -f " + file)), T);
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        assertEquals(expected, o.results().get(0).message());
    }

    @Test
    void aBatchPastItsTimeoutIsKilledAndTheStepsThatFinishedAreKnown() throws Exception {
        // Names, not a count: other programs on the machine may run batches at the same time.
        String list = "ls -d ${TMPDIR:-/tmp}/spotplay-batch.* 2>/dev/null || true";
        java.util.Set<String> before = java.util.Set.copyOf(c.exec(list, T).stdout().lines().toList());
        long t0 = System.currentTimeMillis();
        ScriptBatch.Outcome o = ScriptBatch.run(c, List.of(s("printf 'changed quick\\n' >&3"), s("sleep 30"), s("true")),
                Duration.ofSeconds(2));
        assertTrue(System.currentTimeMillis() - t0 < 15_000, "the batch was not cut short");
        assertEquals(List.of(StepResult.changed("quick", "")), o.results());
        assertTrue(o.stopped().startsWith("timed out after 2s"), o.stopped());
        java.util.Set<String> left = new java.util.TreeSet<>(c.exec(list, T).stdout().lines().toList());
        left.removeAll(before);
        assertEquals(java.util.Set.of(), left, "the batch's private folder is removed");
    }
}
