package dev.spotplay.provider.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.Integration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The autostop agent's decision, by running the script itself (under bash, and under BusyBox's
 * minimal sh as a small image has it) against a fake {@code /proc} (its TCP table and load
 * average), a fake {@code who} and a {@code shutdown} that only records its call; and its
 * installer, run twice into a folder standing in for {@code /}: the second run changes nothing.
 */
@Integration
class AutostopAgentTest {
    static final int NOW = 1_700_000_000;
    /** An established connection to 127.0.0.1:22 (0x0016), as /proc/net/tcp lists it. */
    static final String SSH_IN = "   1: 0100007F:0016 0100007F:D2A4 01 00000000:00000000 00:00000000 00000000     0        0 1 1 0 20 4 30 10 -1";
    /** sshd listening on :22: not a session. */
    static final String LISTEN = "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0 100 0 0 10 0";
    /** This node's own connection out to some other host's port 22: not a session on this node. */
    static final String SSH_OUT = "   2: 0100007F:D2A5 0200007F:0016 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0 20 4 30 10 -1";

    @TempDir Path dir;
    Path agent;
    Path proc;
    Path state;
    Path shutdowns;

    @BeforeEach
    void fakes() throws IOException {
        agent = dir.resolve("autostop.sh");
        Files.writeString(agent, AutostopAgent.agent());
        proc = dir.resolve("proc");
        Files.createDirectories(proc.resolve("net"));
        state = dir.resolve("state");
        shutdowns = dir.resolve("shutdowns");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        script(bin.resolve("who"), "#!/bin/sh\ncat \"$FAKE_WHO\" 2>/dev/null\n");
        script(bin.resolve("shutdown"), "#!/bin/sh\necho \"$*\" >> \"$FAKE_SHUTDOWNS\"\n");
        script(bin.resolve("logger"), "#!/bin/sh\nexit 0\n");
        tcp();
        load("0.00");
    }

    private static void script(Path p, String text) throws IOException {
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void tcp(String... lines) throws IOException {
        List<String> all = new ArrayList<>(List.of("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"));
        all.addAll(List.of(lines));
        Files.write(proc.resolve("net/tcp"), all);
    }

    private void load(String oneMinute) throws IOException {
        Files.writeString(proc.resolve("loadavg"), oneMinute + " 0.01 0.05 1/123 4567\n");
    }

    private void who(String text) throws IOException {
        Files.writeString(dir.resolve("who.txt"), text);
    }

    /** Runs the agent as the timer would, {@code at} seconds after NOW; its output. */
    private String tick(String shell, int at, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(shell.split(" ")));
        cmd.add(agent.toString());
        cmd.addAll(args.length == 0 ? List.of("60", "22") : List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", dir.resolve("bin") + ":" + env.get("PATH"));
        env.put("SPOTPLAY_AUTOSTOP_PROC", proc.toString());
        env.put("SPOTPLAY_AUTOSTOP_STATE", state.toString());
        env.put("SPOTPLAY_AUTOSTOP_NOW", Integer.toString(NOW + at));
        env.put("FAKE_WHO", dir.resolve("who.txt").toString());
        env.put("FAKE_SHUTDOWNS", shutdowns.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the agent hung");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private List<String> shutdownCalls() throws IOException {
        return Files.exists(shutdowns) ? Files.readAllLines(shutdowns) : List.of();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bash", "busybox sh"})
    void shutsDownOnlyAfterTheIdleTimeWithoutSessionsLoginsOrLoad(String shell) throws Exception {
        tcp(LISTEN, SSH_IN);
        assertTrue(tick(shell, 0).startsWith("busy: 1 SSH connections"), "a session keeps it up");

        tcp(LISTEN, SSH_OUT);
        assertEquals("idle for 0s of 60s\n", tick(shell, 0), "listening, and its own connections out, are not sessions");
        assertEquals("idle for 59s of 60s\n", tick(shell, 59));
        assertEquals(List.of(), shutdownCalls());

        who("alice    pts/0        2026-12-02 05:00 (203.0.113.7)\n");
        assertTrue(tick(shell, 59).startsWith("busy: 0 SSH connections, 1 logins"), "a login keeps it up and starts the count again");
        who("");
        assertEquals("idle for 1s of 60s\n", tick(shell, 60), "counted from the last busy look");

        load("0.70");
        assertTrue(tick(shell, 100).contains("load 0.70"), "load at the threshold or above is busy");
        load("0.49");
        assertEquals("idle for 0s of 60s\n", tick(shell, 100));
        assertEquals(List.of(), shutdownCalls(), "never while busy or within the idle time");

        assertTrue(tick(shell, 160).startsWith("idle for 60s (at least 60s): shutting down"));
        assertEquals(List.of("-h now"), shutdownCalls());
    }

    @Test
    void anotherPortAndAnotherThresholdAreAsGiven() throws Exception {
        // sshd on 2222 (0x08AE): a session there counts, one on 22 does not.
        tcp(SSH_IN);
        assertEquals("idle for 0s of 120s\n", tick("bash", 0, "120", "2222"));
        tcp("   1: 0100007F:08AE 0100007F:D2A4 01 00000000:00000000 00:00000000 00000000     0        0 1 1 0 20 4 30 10 -1");
        assertTrue(tick("bash", 10, "120", "2222").startsWith("busy: 1 SSH connections"));
        tcp();
        load("1.50");
        assertEquals("idle for 10s of 120s\n", tick("bash", 20, "120", "2222", "2"), "1.5 is below a threshold of 2");
    }

    @Test
    void refusesArgumentsThatAreNotNumbers() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", agent.toString(), "1h", "22").redirectErrorStream(true);
        pb.environment().put("SPOTPLAY_AUTOSTOP_STATE", state.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("whole number of seconds"));
        assertFalse(Files.exists(shutdowns));
    }

    /** Runs the install step's script as the shell module would, into {@code root}; its output. */
    private static String install(Path root, String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true);
        pb.environment().put("SPOTPLAY_AUTOSTOP_ROOT", root.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void theInstallerWritesOnlyWhatDiffersWithCronOrSystemd() throws Exception {
        Path root = dir.resolve("root");
        String script = AutostopAgent.install(3600, 22);
        assertFalse(script.contains("{{"), "the step is a template: it must hold no {{");
        Path agentFile = root.resolve(AutostopAgent.PATH.substring(1));
        Path cron = root.resolve("etc/cron.d/spotplay-autostop");

        assertEquals("autostop agent installed (cron): " + AutostopAgent.PATH + " /etc/cron.d/spotplay-autostop\n", install(root, script));
        assertEquals(AutostopAgent.agent(), Files.readString(agentFile));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(agentFile)));
        assertTrue(Files.readString(cron).contains("\n* * * * * root " + AutostopAgent.PATH + " 3600 22 >/dev/null 2>&1\n"),
                Files.readString(cron));
        FileTime written = Files.getLastModifiedTime(agentFile);
        assertEquals("autostop agent up to date (cron)\n", install(root, script));
        assertEquals(written, Files.getLastModifiedTime(agentFile), "not written again");

        // Another idle time: only the schedule changes.
        assertEquals("autostop agent installed (cron): /etc/cron.d/spotplay-autostop\n", install(root, AutostopAgent.install(1800, 22)));
        assertTrue(Files.readString(cron).contains(" 1800 22 "));

        // With systemd (PID 1 makes /run/systemd/system): a timer, and the cron entry goes.
        Files.createDirectories(root.resolve("run/systemd/system"));
        String out = install(root, script);
        assertTrue(out.startsWith("autostop agent installed (systemd):"), out);
        assertTrue(out.contains("/etc/cron.d/spotplay-autostop (removed)"), out);
        assertFalse(Files.exists(cron));
        assertTrue(Files.readString(root.resolve("etc/systemd/system/spotplay-autostop.service"))
                .contains("ExecStart=" + AutostopAgent.PATH + " 3600 22\n"));
        assertTrue(Files.readString(root.resolve("etc/systemd/system/spotplay-autostop.timer")).contains("OnUnitActiveSec=1min"));
        assertEquals("autostop agent up to date (systemd)\n", install(root, script));
    }
}
