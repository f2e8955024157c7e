package dev.spotplay.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.Integration;
import dev.spotplay.testing.OpenSshServer;
import dev.spotplay.testing.SshdProcess;
import dev.spotplay.testing.TrustOnFirstUse;
import dev.spotplay.transport.Connection;
import dev.spotplay.transport.Endpoint;
import dev.spotplay.transport.HostKeyMismatchException;
import dev.spotplay.transport.HostKeyPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spotplay's own connections through a bastion (ssh.proxy_jump): real OpenSSH sshds, the node on
 * 127.0.4.2 and bastions on other addresses. A bastion whose sshd may forward only to some other
 * address ({@code PermitOpen}) cannot reach the node, which shows that the path goes through it.
 */
@Integration
class BastionConnectTest {
    static final Duration T = Duration.ofSeconds(10);
    static final String NODE = "127.0.4.2";
    static final String BASTION = "127.0.4.3";
    static final String CLOSED = "127.0.4.4";

    @TempDir static Path dir;
    static SshdProcess node;
    static SshdProcess bastion;
    static SshdProcess closed;
    static int nodePort;
    static int bastionPort;
    static int closedPort;

    final SshConnector connector = new SshConnector(dev.spotplay.testing.TestThreads.IO);

    @BeforeAll
    static void start() throws IOException {
        nodePort = ConnectorTest.freePort();
        bastionPort = ConnectorTest.freePort();
        closedPort = ConnectorTest.freePort();
        node = SshdProcess.start(dir.resolve("node"), SshdProcess.hostKey(dir.resolve("keys/node")), List.of(NODE), nodePort,
                "AllowTcpForwarding no");
        bastion = SshdProcess.start(dir.resolve("bastion"), SshdProcess.hostKey(dir.resolve("keys/bastion")), List.of(BASTION), bastionPort,
                "AllowTcpForwarding yes", "PermitOpen " + NODE + ":" + nodePort);
        closed = SshdProcess.start(dir.resolve("closed"), SshdProcess.hostKey(dir.resolve("keys/closed")), List.of(CLOSED), closedPort,
                "AllowTcpForwarding yes", "PermitOpen 127.0.4.9:9");
    }

    @AfterAll
    static void stop() {
        for (SshdProcess p : new SshdProcess[] {node, bastion, closed}) {
            if (p != null) {
                p.close();
            }
        }
    }

    static Endpoint node() {
        return OpenSshServer.get().endpoint("node001", Duration.ofSeconds(3)).through(null).withAddress(NODE, nodePort);
    }

    static Endpoint via(String host, int port) {
        Endpoint e = OpenSshServer.get().endpoint(Endpoint.BASTION, Duration.ofSeconds(3));
        return new Endpoint(Endpoint.BASTION, host, port, e.user(), e.privateKey(), e.connectTimeout());
    }

    static String publicKey(String name) throws IOException {
        String[] parts = Files.readString(dir.resolve("keys/" + name + ".pub")).strip().split(" ");
        return parts[0] + " " + parts[1];
    }

    @Test
    void runsCommandsOnTheNodeThroughTheBastionAndPinsBothKeys() throws Exception {
        TrustOnFirstUse policy = new TrustOnFirstUse();
        try (Connection c = connector.connect(node().through(via(BASTION, bastionPort)), policy, System.currentTimeMillis() + 10_000)) {
            // sshd on the node says which of its addresses and ports the session came in on.
            String[] conn = c.exec("echo $SSH_CONNECTION", T).stdout().strip().split(" ");
            assertEquals(NODE, conn[2]);
            assertEquals(String.valueOf(nodePort), conn[3]);
            c.put("through\n".getBytes(), "/tmp/spotplay-bastion-test-" + nodePort, 0600, T);
            assertEquals("through\n", new String(c.fetch("/tmp/spotplay-bastion-test-" + nodePort, T)));
            c.exec("rm -f /tmp/spotplay-bastion-test-" + nodePort, T);
        }
        assertEquals(publicKey("node"), policy.pinned("node001"));
        assertEquals(publicKey("bastion"), policy.pinned(Endpoint.BASTION));
        String log = Files.readString(dir.resolve("bastion/sshd.log"));
        assertTrue(log.contains("Accepted publickey for " + System.getProperty("user.name")), log);
    }

    @Test
    void aBastionThatMayNotForwardToTheNodeFailsAtTheDeadlineSayingSo() {
        long start = System.currentTimeMillis();
        IOException e = assertThrows(IOException.class,
                () -> connector.connect(node().through(via(CLOSED, closedPort)), new TrustOnFirstUse(), start + 3_000));
        long took = System.currentTimeMillis() - start;
        assertTrue(took < 8_000, "took " + took + " ms");
        assertTrue(e.getMessage().contains("would not open a channel to " + NODE + ":" + nodePort), e.getMessage());
        assertTrue(e.getMessage().contains("via " + System.getProperty("user.name") + "@" + CLOSED + ":" + closedPort), e.getMessage());
    }

    @Test
    void aBastionWithAnotherKeyIsRefusedAtOnceAndTheNodeIsNotTried() throws IOException {
        String other = publicKey("closed");
        HostKeyPolicy nodeKeys = (endpoint, key) -> {
            throw new AssertionError("the node was reached although its bastion was refused");
        };
        HostKeyPolicy policy = new HostKeyPolicy() {
            @Override
            public boolean verify(Endpoint endpoint, String key) {
                return nodeKeys.verify(endpoint, key);
            }

            @Override
            public HostKeyPolicy bastion(Endpoint via) {
                return (endpoint, key) -> key.equals(other);
            }
        };
        long start = System.currentTimeMillis();
        HostKeyMismatchException e = assertThrows(HostKeyMismatchException.class,
                () -> connector.connect(node().through(via(BASTION, bastionPort)), policy, start + 30_000));
        assertTrue(System.currentTimeMillis() - start < 10_000, "a refused key is not retried");
        assertTrue(e.getMessage().contains("host key of " + System.getProperty("user.name") + "@" + BASTION + ":" + bastionPort + " (bastion)"),
                e.getMessage());
    }

    @Test
    void aChainOfBastionsIsRefused() {
        Endpoint b = via(BASTION, bastionPort);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> node().through(b.through(b)));
        assertTrue(e.getMessage().contains("one bastion only"), e.getMessage());
    }
}
