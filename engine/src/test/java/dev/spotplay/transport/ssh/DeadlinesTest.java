package dev.spotplay.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.Integration;
import dev.spotplay.testing.OpenSshServer;
import dev.spotplay.testing.SilentHost;
import dev.spotplay.testing.SshdProcess;
import dev.spotplay.testing.TrustOnFirstUse;
import dev.spotplay.transport.Connection;
import dev.spotplay.transport.Endpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every network wait has a deadline: a host that accepts TCP and then says nothing (or never
 * finishes its banner) costs one connect deadline, not the run; a peer that goes silent under
 * a running command is noticed by keepalives; and none of it cuts a long, quiet command short.
 * The timeouts given to JUnit only guard against a hang: what is asserted is the outcome.
 */
@Integration
class DeadlinesTest {

    static final Duration HANG_GUARD = Duration.ofSeconds(30);
    static final Duration ONE_SECOND = Duration.ofSeconds(1);
    final SshConnector connector = new SshConnector(dev.spotplay.testing.TestThreads.IO);

    @Test
    void aHostThatNeverSendsABannerFailsAtTheDeadlineWithAClearMessage() throws IOException {
        try (SilentHost silent = SilentHost.start("127.0.7.1", 0)) {
            Endpoint ep = new Endpoint("mute", "127.0.7.1", silent.port(), "nobody", OpenSshServer.get().key(), ONE_SECOND);
            long start = System.currentTimeMillis();
            IOException e = assertTimeoutPreemptively(HANG_GUARD, () -> assertThrows(IOException.class,
                    () -> connector.connect(ep, TrustOnFirstUse.acceptAll(), start + 2_500)));
            long took = System.currentTimeMillis() - start;
            assertTrue(took >= 2_400 && took < 2_500 + 1_500, "gave up after " + took + " ms, not at its 2.5 s deadline");
            assertTrue(e.getMessage().startsWith("cannot connect to nobody@127.0.7.1:" + silent.port() + " (mute) after "), e.getMessage());
            assertTrue(e.getMessage().matches("cannot connect to .* after \\d+ attempts in 2\\.\\ds: the server accepted the connection but sent no SSH banner"), e.getMessage());
            assertTrue(silent.accepted() >= 2, "each attempt is bounded by connect_timeout, so it tried again: " + silent.accepted());
        }
    }

    @Test
    void aBannerThatNeverEndsIsCutAtTheDeadline() throws IOException {
        // Lines before the banner are allowed and each read returns data, so a per-read socket
        // timeout would never fire: only a deadline on the whole attempt ends this.
        try (SilentHost chatty = SilentHost.trickling("127.0.7.3", 0, Duration.ofMillis(100))) {
            Endpoint ep = new Endpoint("chatty", "127.0.7.3", chatty.port(), "nobody", OpenSshServer.get().key(), ONE_SECOND);
            long start = System.currentTimeMillis();
            IOException e = assertTimeoutPreemptively(HANG_GUARD, () -> assertThrows(IOException.class,
                    () -> connector.connect(ep, TrustOnFirstUse.acceptAll(), start + 1_000)));
            long took = System.currentTimeMillis() - start;
            assertTrue(took < 1_000 + 1_500, "gave up after " + took + " ms, not at its 1 s deadline");
            assertTrue(e.getMessage().matches(".* after 1 attempt in [01]\\.\\ds: the server accepted the connection but sent no SSH banner"), e.getMessage());
        }
    }

    @Test
    void aLongQuietCommandOutlivesTheConnectDeadlineAndTheKeepalives() throws IOException {
        Endpoint ep = OpenSshServer.get().endpoint("quiet", ONE_SECOND);
        try (Connection c = connector.connect(ep, TrustOnFirstUse.acceptAll(), System.currentTimeMillis() + 10_000)) {
            // Silent for several connect timeouts and keepalive intervals: neither may end it.
            assertEquals("done", c.exec("sleep 4; echo done", Duration.ofSeconds(30)).stdout().strip());
            assertEquals("again", c.exec("echo again", Duration.ofSeconds(10)).stdout().strip(), "the connection is still up");
        }
    }

    @Test
    void aPeerThatGoesSilentUnderARunningCommandIsLostWithinItsKeepaliveLimit(@TempDir Path dir) throws Exception {
        int port = SshdProcess.freePort();
        try (SshdProcess sshd = SshdProcess.start(dir.resolve("sshd"), SshdProcess.hostKey(dir.resolve("host")), List.of("127.0.7.2"), port)) {
            Endpoint real = OpenSshServer.get().endpoint();
            Endpoint ep = new Endpoint("hangs", "127.0.7.2", port, real.user(), real.privateKey(), ONE_SECOND);
            try (Connection c = connector.connect(ep, TrustOnFirstUse.acceptAll(), System.currentTimeMillis() + 10_000)) {
                CompletableFuture<Object> run = CompletableFuture.supplyAsync(() -> {
                    try {
                        return c.exec("exec sleep 120", Duration.ofSeconds(120));
                    } catch (IOException e) {
                        return e;
                    }
                });
                awaitSleepUnder(sshd, dir);
                sshd.freeze(true);
                long frozenAt = System.currentTimeMillis();
                Object result = assertTimeoutPreemptively(HANG_GUARD, () -> (Object) run.get());
                long took = System.currentTimeMillis() - frozenAt;
                assertTrue(result instanceof IOException, "the command cannot have ended: " + result);
                String message = ((IOException) result).getMessage();
                // The server may freeze before its reply to the exec request reached us (the command
                // already runs): then it is the exec request that is lost, and says so.
                assertTrue(message.startsWith("lost the connection to " + ep + " while running command 'exec sleep 120'")
                        || message.startsWith("cannot run command 'exec sleep 120' on " + ep), message);
                assertTrue(message.contains("keep-alive"), message);
                // Three unanswered keepalives, one every connect_timeout (1 s), plus one interval and a margin.
                assertTrue(took < 4_000 + 3_000, "noticed after " + took + " ms");
            }
        }
    }

    /** Waits until the command runs on the node, so that freezing the server catches it mid-command. */
    private static void awaitSleepUnder(SshdProcess sshd, Path dir) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!sshd.runs("sleep 120")) {
            assertTrue(System.currentTimeMillis() < deadline, "the command never started under the sshd in " + dir);
            Thread.sleep(20);
        }
    }
}
