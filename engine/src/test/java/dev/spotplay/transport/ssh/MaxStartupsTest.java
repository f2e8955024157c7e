package dev.spotplay.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.Integration;
import dev.spotplay.testing.OpenSshServer;
import dev.spotplay.testing.SshdProcess;
import dev.spotplay.testing.TrustOnFirstUse;
import dev.spotplay.transport.Connection;
import dev.spotplay.transport.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OpenSSH sshd that drops every connection beyond the first still logging in
 * ({@code MaxStartups 1:100:1}), hit by many connects at once: sshd drops most of them, and the
 * connector's backoff brings every one in.
 */
@Integration
class MaxStartupsTest {

    @Test
    void connectionsDroppedByMaxStartupsAreRetriedUntilEveryOneIsIn(@TempDir Path dir) throws Exception {
        int port = SshdProcess.freePort();
        int clients = 12;
        try (SshdProcess sshd = SshdProcess.start(dir.resolve("sshd"), SshdProcess.hostKey(dir.resolve("host_key")),
                List.of("127.0.3.1"), port, "MaxStartups 1:100:1")) {
            SshConnector connector = new SshConnector(dev.spotplay.testing.TestThreads.IO);
            Path key = OpenSshServer.get().key();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    Endpoint ep = new Endpoint("n" + i, "127.0.3.1", port, System.getProperty("user.name"), key, Duration.ofSeconds(5));
                    Callable<String> connectAndRun = () -> {
                        try (Connection c = connector.connect(ep, TrustOnFirstUse.acceptAll(), System.currentTimeMillis() + 60_000)) {
                            return c.exec("echo in", Duration.ofSeconds(10)).stdout().strip();
                        }
                    };
                    results.add(pool.submit(connectAndRun));
                }
                for (Future<String> r : results) {
                    assertEquals("in", r.get());
                }
            } finally {
                pool.shutdownNow();
            }
            String log = sshd.log();
            assertTrue(log.contains("past MaxStartups"), "sshd dropped no connection, so nothing was retried:\n" + log);
        }
    }
}
