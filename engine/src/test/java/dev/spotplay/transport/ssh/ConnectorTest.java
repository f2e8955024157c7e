package dev.spotplay.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.Commands;
import dev.spotplay.testing.Integration;
import dev.spotplay.testing.MinaNode;
import dev.spotplay.testing.OpenSshServer;
import dev.spotplay.testing.TrustOnFirstUse;
import dev.spotplay.transport.Connection;
import dev.spotplay.transport.Endpoint;
import dev.spotplay.transport.HostKeyMismatchException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Integration
class ConnectorTest {

    static final Duration T = Duration.ofSeconds(10);
    final SshConnector connector = new SshConnector(dev.spotplay.testing.TestThreads.IO);

    @Test
    void retriesUntilTheServerListens(@TempDir Path dir) throws Exception {
        int port = freePort();
        Path key = KeyPairs.ensureEd25519(dir.resolve("id"), "client");
        Endpoint ep = new Endpoint("late", "127.0.0.1", port, System.getProperty("user.name"), key, Duration.ofSeconds(2));
        java.util.concurrent.atomic.AtomicLong notListeningUntil = new java.util.concurrent.atomic.AtomicLong();
        CompletableFuture<MinaNode> late = CompletableFuture.supplyAsync(() -> {
            try {
                Thread.sleep(1_000);
                notListeningUntil.set(System.nanoTime());
                return MinaNode.startWithKey(key, port);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long before = System.nanoTime();
        try (Connection c = connector.connect(ep, TrustOnFirstUse.acceptAll(), System.currentTimeMillis() + 15_000)) {
            // Nothing can connect before the server listens; what matters is that connect began
            // before it did, so its first attempt was refused and it had to retry.
            assertTrue(notListeningUntil.get() > before, "connect began only after the server listened: nothing was retried");
            assertEquals("up", c.exec("echo up", T).stdout().strip());
        } finally {
            late.get().close();
        }
    }

    @Test
    void closedPortFailsAtTheDeadlineWithAClearMessage() throws IOException {
        int port = freePort();
        Endpoint ep = new Endpoint("ghost", "127.0.0.1", port, "nobody", OpenSshServer.get().key(), Duration.ofSeconds(1));
        long start = System.currentTimeMillis();
        IOException e = assertThrows(IOException.class, () -> connector.connect(ep, TrustOnFirstUse.acceptAll(), start + 1_500));
        long took = System.currentTimeMillis() - start;
        assertTrue(took >= 1_400 && took < 4_000, "took " + took + " ms");
        assertTrue(e.getMessage().startsWith("cannot connect to nobody@127.0.0.1:" + port + " (ghost) after "), e.getMessage());
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
    }

    @Test
    void trustsOnFirstUseAndRefusesAnotherKeyAtOnce() throws IOException {
        TrustOnFirstUse policy = new TrustOnFirstUse();
        try (MinaNode first = MinaNode.start(); MinaNode second = MinaNode.startWithKey(first.key(), 0)) {
            try (Connection c = connector.connect(first.endpoint("node001", T), policy, System.currentTimeMillis() + 10_000)) {
                assertTrue(c.exec("true", T).ok());
            }
            assertTrue(policy.pinned("node001").startsWith("ssh-ed25519 AAAA"), policy.pinned("node001"));
            // the same node name answering with another machine's key
            long start = System.currentTimeMillis();
            HostKeyMismatchException e = assertThrows(HostKeyMismatchException.class,
                    () -> connector.connect(second.endpoint("node001", T), policy, System.currentTimeMillis() + 10_000));
            assertTrue(System.currentTimeMillis() - start < 3_000, "a refused host key must not be retried");
            assertTrue(e.getMessage().contains("node001"), e.getMessage());
        }
    }

    @Test
    void openSshHostKeyIsPassedAsKnownHostsLine() throws IOException {
        OpenSshServer sshd = OpenSshServer.get();
        TrustOnFirstUse policy = new TrustOnFirstUse();
        try (Connection c = connector.connect(sshd.endpoint(), policy, System.currentTimeMillis() + 10_000)) {
            assertTrue(c.exec("true", T).ok());
        }
        String expected = Files.readString(sshd.dir().resolve("ssh_host_ed25519_key.pub")).strip();
        assertEquals(expected.substring(0, expected.lastIndexOf(' ')), policy.pinned("openssh"));
        assertThrows(HostKeyMismatchException.class, () -> connector.connect(sshd.endpoint(), (ep, key) -> false,
                System.currentTimeMillis() + 10_000));
    }

    @Test
    void missingKeyFileIsAClearErrorAndNotRetried(@TempDir Path dir) {
        Endpoint ep = new Endpoint("n", "127.0.0.1", OpenSshServer.get().port(), "root", dir.resolve("absent"), T);
        IOException e = assertThrows(IOException.class, () -> connector.connect(ep, TrustOnFirstUse.acceptAll(),
                System.currentTimeMillis() + 60_000));
        assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains("absent"), e.getMessage());
    }

    @Test
    void encryptedKeyIsAClearError(@TempDir Path dir) throws IOException {
        Path key = dir.resolve("id_locked");
        Commands.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "secret", "-f", key.toString()));
        Endpoint ep = new Endpoint("n", "127.0.0.1", OpenSshServer.get().port(), "root", key, T);
        IOException e = assertThrows(IOException.class, () -> connector.connect(ep, TrustOnFirstUse.acceptAll(),
                System.currentTimeMillis() + 60_000));
        assertTrue(e.getMessage().contains("passphrase"), e.getMessage());
    }

    @Test
    void wrongKeyIsRefusedWithoutWaitingForTheDeadline(@TempDir Path dir) throws IOException {
        Path other = KeyPairs.ensureEd25519(dir.resolve("other"), "stranger");
        OpenSshServer sshd = OpenSshServer.get();
        Endpoint real = sshd.endpoint();
        Endpoint ep = new Endpoint("n", real.host(), real.port(), real.user(), other, T);
        long start = System.currentTimeMillis();
        IOException e = assertThrows(IOException.class, () -> connector.connect(ep, TrustOnFirstUse.acceptAll(), start + 60_000));
        assertTrue(System.currentTimeMillis() - start < 10_000);
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        assertNotEquals(HostKeyMismatchException.class, e.getClass());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
