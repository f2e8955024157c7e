package dev.spotplay.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static dev.spotplay.testing.NodeProcesses.awaitGone;
import static dev.spotplay.testing.NodeProcesses.running;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.Integration;
import dev.spotplay.testing.MinaNode;
import dev.spotplay.testing.OpenSshServer;
import dev.spotplay.testing.SshdProcess;
import dev.spotplay.testing.TrustOnFirstUse;
import dev.spotplay.transport.Connection;
import dev.spotplay.transport.Endpoint;
import dev.spotplay.transport.ssh.SshConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Several steps in one exec, against a real OpenSSH sshd and a local (MINA) node: order, stop at
 * failure, each step's own timeout, output bounded by bytes, big data, forged markers.
 */
@Integration
class ScriptBatchTest {
    static Connection c;
    static MinaNode mina;
    static Connection m;
    /** Nodes whose sh is bash (as where /bin/sh is bash), and whose every command is BusyBox's. */
    static final Map<String, SshdProcess> shellSshd = new java.util.HashMap<>();
    static final Map<String, Connection> shellNodes = new java.util.HashMap<>();
    @TempDir static Path shells;
    static final Duration T = Duration.ofSeconds(20);

    @BeforeAll
    static void connect() throws Exception {
        c = connect(OpenSshServer.get().endpoint());
        mina = MinaNode.start();
        m = connect(mina.endpoint());
        Path bash = Files.createDirectories(shells.resolve("bash/bin"));
        Files.createSymbolicLink(bash.resolve("sh"), Path.of("/usr/bin/bash"));
        Path busybox = Files.createDirectories(shells.resolve("busybox/bin"));
        Process list = new ProcessBuilder("busybox", "--list").redirectErrorStream(true).start();
        for (String applet : new String(list.getInputStream().readAllBytes()).split("\\s+")) {
            // Its sleep excepted: the tests find their own sleeps by a symlink's name, which a
            // multi-call binary reads as the applet to run.
            if (!applet.isBlank() && !applet.equals("sleep")) {
                Files.createSymbolicLink(busybox.resolve(applet), Path.of("/usr/bin/busybox"));
            }
        }
        assertEquals(0, list.waitFor());
        for (String shell : List.of("bash", "busybox")) {
            int port = SshdProcess.freePort();
            shellSshd.put(shell, SshdProcess.start(shells.resolve(shell + "/sshd"), SshdProcess.hostKey(shells.resolve(shell + "/hostkey")),
                    List.of("127.0.0.1"), port, "ForceCommand PATH=" + shells.resolve(shell + "/bin") + ":$PATH; export PATH;"
                            + " eval \"$SSH_ORIGINAL_COMMAND\""));
            Endpoint e = OpenSshServer.get().endpoint();
            shellNodes.put(shell, connect(new Endpoint(shell, "127.0.0.1", port, e.user(), e.privateKey(), e.connectTimeout())));
        }
    }

    static Connection connect(Endpoint e) throws Exception {
        return new SshConnector(dev.spotplay.testing.TestThreads.IO).connect(e, TrustOnFirstUse.acceptAll(), System.currentTimeMillis() + 20_000);
    }

    @AfterAll
    static void close() {
        c.close();
        m.close();
        mina.close();
        shellNodes.values().forEach(Connection::close);
        shellSshd.values().forEach(SshdProcess::close);
    }

    /**
     * The kinds of node a batch meets: OpenSSH (killpg on a signal) and the local provider's
     * MINA node, both with dash as sh; and OpenSSH nodes whose sh is bash, or BusyBox with its
     * own applets for every command but sleep (ps, awk, tail, mkfifo ...).
     */
    static Stream<String> nodes() {
        return Stream.of("openssh", "mina", "bash", "busybox");
    }

    static Connection on(String node) {
        return switch (node) {
            case "openssh" -> c;
            case "mina" -> m;
            default -> shellNodes.get(node);
        };
    }

    static ScriptBatch.Entry s(String body) {
        return s(body, T);
    }

    static ScriptBatch.Entry s(String body, Duration timeout) {
        return new ScriptBatch.Entry(new StepScript(body), timeout);
    }

    /** A step whose fragment promises bounded output ({@link StepScript#bounded}): no tail of its own. */
    static ScriptBatch.Entry b(String body, Duration timeout) {
        return new ScriptBatch.Entry(StepScript.bounded(body), timeout);
    }

    /**
     * A test's first step: links {@code MARKER.d/MARKER} to sleep, a sleep of its own name, so
     * that ps finds exactly this test's processes; its verdict is "changed ready".
     */
    static ScriptBatch.Entry linkSleep(String marker, Duration timeout) {
        String dir = marker + ".d";
        return s("mkdir " + dir + " && ln -s \"$(command -v sleep)\" " + dir + "/" + marker + "\nprintf 'changed ready\\n' >&3", timeout);
    }

    @Test
    void stepsRunInOrderAndTheFirstFailureStopsTheRest() throws Exception {
        String dir = "spotplay-batch-test-" + System.nanoTime();
        ScriptBatch.Outcome o = ScriptBatch.run(c, List.of(
                s("mkdir -p " + dir + " && echo one > " + dir + "/1\necho made\nprintf 'changed made it\\n' >&3"),
                s("printf 'unchanged nothing to do\\n' >&3"),
                s("echo oops >&2\nprintf 'failed it broke\\n' >&3\nexit 4"),
                s("echo never > " + dir + "/4")));
        assertNull(o.stopped());
        assertEquals(3, o.results().size());
        assertEquals(new StepResult(StepResult.Outcome.CHANGED, "made it", "made"), o.results().get(0));
        assertEquals(StepResult.unchanged("nothing to do"), o.results().get(1));
        assertEquals(StepResult.failed("it broke", "oops"), o.results().get(2));
        assertEquals("one", c.exec("cat " + dir + "/1; [ ! -e " + dir + "/4 ] && echo; rm -rf " + dir, T).stdout().strip());
    }

    @Test
    void aStepWithoutAVerdictIsJudgedByItsExitCode() throws Exception {
        ScriptBatch.Outcome o = ScriptBatch.run(c, List.of(s("true"), s("exit 7")));
        assertEquals(StepResult.changed("exit 0", ""), o.results().get(0));
        assertEquals("exit 7", o.results().get(1).message());
    }

    @Test
    void aCommandThatReadsStdinDoesNotEatTheBatchAndForgedMarkersAreIgnored() throws Exception {
        ScriptBatch.Outcome o = ScriptBatch.run(c, List.of(
                s("cat\necho '@@spotplay-0123456789abcdef step 9 0'\nprintf 'changed read\\n' >&3"),
                s("printf 'changed second\\n' >&3")));
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
                s("base64 -d > " + file + " <<'END'\n" + b64 + "\nEND\nprintf 'changed %s\\n' \"$(sha256sum < " + file + " | cut -c1-64)\" >&3; rm -f " + file)));
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        assertEquals(expected, o.results().get(0).message());
    }

    /**
     * Finding 4: [default step, a 3s step whose command and its background child sleep 61 s,
     * default step]. The middle one is killed with its whole process group at its own timeout and
     * reported so; the third does not run; nothing of it is left on the node.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("nodes")
    void aStepPastItsOwnTimeoutIsKilledWithItsProcessGroupAndTheBatchStops(String node) throws Exception {
        Connection conn = on(node);
        String marker = "spotplay-test-sleep-" + System.nanoTime();
        String dir = marker + ".d";
        // A sleep of its own name, so that pgrep finds exactly this test's processes.
        String sleep = dir + "/" + marker;
        long t0 = System.nanoTime();
        ScriptBatch.Outcome o = ScriptBatch.run(conn, List.of(
                linkSleep(marker, T),
                s("echo started\n" + sleep + " 61 &\n" + sleep + " 61\necho never", Duration.ofSeconds(3)),
                s("touch " + dir + "/third")));
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(2, o.results().size(), o.toString());
        assertEquals(StepResult.changed("ready", ""), o.results().get(0));
        assertEquals(StepResult.failed("timed out after 3s", "started"), o.results().get(1));
        assertNull(o.stopped(), "the step's own clock ended it, not the batch's deadline");
        assertTrue(took < 3_000 + 10_000, "ended at the step's timeout (3s), long before sleep 61 would: " + took + " ms");
        assertEquals("", awaitGone(conn, marker), "the step's process group was killed, background child too");
        assertEquals("no", conn.exec("[ -e " + dir + "/third ] && echo yes || echo no; rm -rf " + dir, T).stdout().strip(),
                "the steps after a timed-out one do not run");
        assertEquals("", leftBehind(conn, marker), "the batch's private folder is removed");
    }

    /**
     * A step's background process whose parent has already ended (so it is no longer below the
     * step in the process tree) but which still holds the step's output is killed at the step's
     * own timeout too, and the step is reported so, not held until the batch's deadline.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("nodes")
    void aStepsOrphanedBackgroundProcessIsKilledAtItsTimeout(String node) throws Exception {
        Connection conn = on(node);
        String marker = "spotplay-test-orphan-" + System.nanoTime();
        String sleep = marker + ".d/" + marker;
        ScriptBatch.Outcome o = ScriptBatch.run(conn, List.of(
                linkSleep(marker, T),
                s("echo started\nsh -c '" + sleep + " 61 &'\n" + sleep + " 62", Duration.ofSeconds(2))));
        assertEquals(2, o.results().size(), o.toString());
        assertEquals(StepResult.failed("timed out after 2s", "started"), o.results().get(1));
        assertNull(o.stopped(), "the step's own clock ended it, not the batch's deadline");
        assertEquals("", awaitGone(conn, marker), "the orphaned background process was killed too");
        conn.exec("rm -rf " + marker + ".d", T);
    }

    /**
     * What a batch costs the node, counted by the programs it runs (shims in front of PATH): per
     * step one {@code tail} (the output bound) and nothing else, no shell or setsid of its own,
     * and one clock for the whole batch ({@code sleep 1} per second it ran), not one per step.
     */
    @Test
    void aBatchRunsOneTailPerStepAndOneClockInAll(@TempDir Path work) throws Exception {
        Path shims = Files.createDirectories(work.resolve("shims"));
        Path counts = Files.createDirectories(work.resolve("counts"));
        List<String> names = List.of("sh", "setsid", "sleep", "tail", "cat");
        for (String name : names) {
            Path real = Stream.of("/usr/bin/", "/bin/").map(d -> Path.of(d + name)).filter(Files::isExecutable).findFirst().orElseThrow();
            Path shim = shims.resolve(name);
            Files.writeString(shim, "#!/bin/sh\necho >>" + counts.resolve(name) + "\nexec " + real + " \"$@\"\n");
            shim.toFile().setExecutable(true);
        }
        int port = SshdProcess.freePort();
        try (SshdProcess sshd = SshdProcess.start(work.resolve("sshd"), SshdProcess.hostKey(work.resolve("hostkey")),
                List.of("127.0.0.1"), port, "ForceCommand PATH=" + shims + ":$PATH; export PATH; eval \"$SSH_ORIGINAL_COMMAND\"")) {
            Endpoint e = OpenSshServer.get().endpoint();
            try (Connection own = connect(new Endpoint("counted", "127.0.0.1", port, e.user(), e.privateKey(), e.connectTimeout()))) {
                List<ScriptBatch.Entry> steps = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    steps.add(s("printf 'unchanged %s\\n' " + i + " >&3"));
                    if (i % 2 == 0) {
                        steps.add(b("printf 'unchanged bounded %s\\n' " + i + " >&3", T));   // no tail
                    }
                }
                long t0 = System.nanoTime();
                ScriptBatch.Outcome o = ScriptBatch.run(own, steps);
                long seconds = (System.nanoTime() - t0) / 1_000_000_000L + 1;
                assertEquals(30, o.results().size(), o.toString());
                assertEquals(StepResult.unchanged("bounded 18"), o.results().get(28));
                Map<String, Long> ran = new java.util.TreeMap<>();
                for (String name : names) {
                    Path f = counts.resolve(name);
                    ran.put(name, Files.exists(f) ? Files.readAllLines(f).size() : 0L);
                }
                assertEquals(20L, ran.get("tail"), "one for each step but the 10 bounded ones: " + ran);
                assertEquals(1L, ran.get("sh"), "only the batch's own sh: " + ran);
                assertEquals(0L, ran.get("setsid"), ran.toString());
                assertEquals(1L, ran.get("cat"), "the log, once; silent steps need no cat: " + ran);
                assertTrue(ran.get("sleep") <= seconds + 1, "one clock, a tick a second, for " + seconds + " s: " + ran);
            }
        }
    }

    /**
     * A step with bounded output writes it straight to the batch's file: what it printed is its
     * output tail, its exit code and verdict count as any step's, and past its own timeout it is
     * killed like any step (the clock spares no tail it does not have).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("nodes")
    void aBoundedStepKeepsItsOutputExitCodeAndTimeout(String node) throws Exception {
        Connection conn = on(node);
        String marker = "spotplay-test-bounded-" + System.nanoTime();
        String sleep = marker + ".d/" + marker;
        ScriptBatch.Outcome o = ScriptBatch.run(conn, List.of(
                linkSleep(marker, T),
                b("echo one line\nprintf 'changed quietly\\n' >&3", T),
                b("echo said >&2; exit 3", T)));
        assertEquals(List.of(StepResult.changed("ready", ""), StepResult.changed("quietly", "one line"), StepResult.failed("exit 3", "said")),
                o.results(), o.toString());
        long t0 = System.nanoTime();
        o = ScriptBatch.run(conn, List.of(b("echo started\n" + sleep + " 61", Duration.ofSeconds(2)), s("touch " + marker + ".d/after")));
        assertEquals(List.of(StepResult.failed("timed out after 2s", "started")), o.results(), o.toString());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 2_000 + 10_000, "ended at its own timeout");
        assertEquals("", awaitGone(conn, marker), "the bounded step's process was killed");
        assertEquals("no", conn.exec("[ -e " + marker + ".d/after ] && echo yes || echo no; rm -rf " + marker + ".d", T).stdout().strip());
        assertEquals("", leftBehind(conn, marker), "the batch's private folder is removed");
    }

    /**
     * The safety net: a step whose child escapes into a session of its own and keeps the output
     * open outlives its clock's kill; the batch's deadline (the sum of the steps' timeouts plus
     * the margin) kills the batch, and the steps that finished are still known.
     */
    @Test
    void aBatchPastItsDeadlineIsKilledAndTheStepsThatFinishedAreKnown() throws Exception {
        String marker = "spotplay-test-escape-" + System.nanoTime();
        String dir = marker + ".d";
        String sleep = dir + "/" + marker;
        long t0 = System.nanoTime();
        try {
            ScriptBatch.Outcome o = ScriptBatch.run(c, List.of(
                    s("mkdir " + dir + " && ln -s \"$(command -v sleep)\" " + sleep + "\nprintf 'changed quick\\n' >&3", Duration.ofSeconds(1)),
                    s("setsid " + sleep + " 40", Duration.ofSeconds(1)),
                    s("true", Duration.ofSeconds(1))));
            long took = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(took < 3_000 + ScriptBatch.MARGIN.toMillis() + 10_000, "killed at the batch's deadline: " + took + " ms");
            assertEquals(List.of(StepResult.changed("quick", "")), o.results());
            assertTrue(o.stopped().startsWith("the batch of steps was still running at its deadline (13s"), o.stopped());
            assertEquals("", leftBehind(c, marker), "the batch's private folder is removed");
        } finally {
            // The escaped sleep is this test's own process; end it by its id.
            for (String pid : running(c, marker).split("\\s+")) {
                if (!pid.isBlank()) {
                    c.exec("kill " + Long.parseLong(pid), T);
                }
            }
            c.exec("rm -rf " + dir, T);
        }
    }

    /** Finding 5: a step whose output ends in one line of 2 MB is ok, and a failing one keeps its own exit code. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("nodes")
    void aStepWhoseOutputEndsInOneHugeLineConvergesAndKeepsItsOwnExitCode(String node) throws Exception {
        ScriptBatch.Outcome o = ScriptBatch.run(on(node), List.of(
                s("head -c 2000000 /dev/zero | tr '\\0' x\nprintf 'changed big\\n' >&3"),
                s("head -c 50000000 /dev/zero | tr '\\0' z"),
                s("head -c 2000000 /dev/zero | tr '\\0' y; exit 5"),
                s("true")));
        assertNull(o.stopped(), o.stopped());
        assertEquals(3, o.results().size(), o.toString());
        assertEquals("big", o.results().get(0).message());
        assertEquals(StepResult.Outcome.CHANGED, o.results().get(1).outcome());
        assertEquals("exit 5", o.results().get(2).message());
        for (StepResult r : o.results()) {
            assertTrue(r.outputTail().length() <= StepResult.MAX_TAIL_CHARS, "the tail is bounded: " + r.outputTail().length());
        }
        assertEquals("y".repeat(StepResult.MAX_TAIL_CHARS), o.results().get(2).outputTail());
    }

    /** More steps than one exec's output can carry the records of: every record arrives, in order. */
    @Test
    void aLongBatchOfChattyStepsLosesNoRecord() throws Exception {
        List<ScriptBatch.Entry> steps = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            steps.add(s("head -c 20000 /dev/zero | tr '\\0' a\nprintf 'changed %s\\n' " + i + " >&3"));
        }
        ScriptBatch.Outcome o = ScriptBatch.run(c, steps);
        assertNull(o.stopped(), o.stopped());
        assertEquals(150, o.results().size());
        for (int i = 0; i < 150; i++) {
            assertEquals(String.valueOf(i), o.results().get(i).message());
        }
    }

    /**
     * The node's TMPDIR holds no step's whole output: a node of its own whose TMPDIR is private,
     * where a step that prints 50 MB measures that folder right after printing.
     */
    @Test
    void aStepsOutputIsNotWrittenToTheNodesDisk(@TempDir Path work) throws Exception {
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        int port = SshdProcess.freePort();
        try (SshdProcess sshd = SshdProcess.start(work.resolve("sshd"), SshdProcess.hostKey(work.resolve("hostkey")),
                List.of("127.0.0.1"), port, "ForceCommand TMPDIR=" + tmp + "; export TMPDIR; eval \"$SSH_ORIGINAL_COMMAND\"")) {
            Endpoint e = OpenSshServer.get().endpoint();
            try (Connection own = connect(new Endpoint("small-tmp", "127.0.0.1", port, e.user(), e.privateKey(), e.connectTimeout()))) {
                ScriptBatch.Outcome o = ScriptBatch.run(own, List.of(
                        s("head -c 50000000 /dev/zero | tr '\\0' z\nprintf 'changed %s\\n' \"$(du -sk \"$TMPDIR\" | cut -f1)\" >&3")));
                assertEquals(1, o.results().size(), o.toString());
                long kib = Long.parseLong(o.results().get(0).message());
                assertTrue(kib < 64, "TMPDIR held " + kib + " KiB while the step ran");
                assertEquals(List.of(), List.of(tmp.toFile().list()), "the batch's folder is removed");
            }
        }
    }

    /** The clock counts whole seconds, rounded up. */
    @Test
    void theClockRoundsUpToWholeSeconds() {
        assertEquals(Map.of("500ms", 1L, "3s", 3L, "3001ms", 4L, "0s", 1L),
                Map.of("500ms", ScriptBatch.seconds(Duration.ofMillis(500)), "3s", ScriptBatch.seconds(Duration.ofSeconds(3)),
                        "3001ms", ScriptBatch.seconds(Duration.ofMillis(3001)), "0s", ScriptBatch.seconds(Duration.ZERO)));
    }

    /**
     * The batch folders that still hold something of this test's batch (its marker). Other
     * programs on the machine run batches of their own at the same time, so a listing would not do.
     */
    private static String leftBehind(Connection conn, String marker) throws Exception {
        // Regular files only: a batch folder holds a FIFO, and a leftover one (a batch killed hard
        // elsewhere) has no writer, so BusyBox's grep -r, which reads FIFOs, would wait for ever.
        return conn.exec("find ${TMPDIR:-/tmp}/spotplay-batch.* -type f -exec grep -l -- '" + marker
                + "' {} \\; 2>/dev/null || true", T).stdout().strip();
    }
}
