package dev.spotplay.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.Integration;
import dev.spotplay.testing.MinaNode;
import dev.spotplay.testing.TempTrees;
import dev.spotplay.testing.TestThreads;
import dev.spotplay.testing.TrustOnFirstUse;
import dev.spotplay.transport.Connection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A connection lost before a command was sent is dialled again (the command cannot have run,
 * so sending it on a new login is safe), a bounded number of times, and only to the host key
 * the first login was shown. Against MINA nodes in-process, which can drop their connections
 * and go on listening, as a flaky network or a restarted sshd would.
 */
@Integration
class RedialTest {

    private static final Duration T = Duration.ofSeconds(20);

    private final SshConnector connector = new SshConnector(TestThreads.IO);

    @Test
    void aCommandAfterTheConnectionDroppedRunsOnceOnANewLogin() throws IOException {
        try (MinaNode node = MinaNode.start();
             Connection c = connector.connect(node.endpoint(), TrustOnFirstUse.acceptAll(), System.currentTimeMillis() + 15_000)) {
            assertEquals(0, c.exec("echo first >> runs", T).exitCode());
            for (int i = 1; i <= SshConnection.REDIALS; i++) {
                node.dropConnections();
                assertEquals("again\n", c.exec("echo again >> runs; echo again", T).stdout(), "after drop " + i);
            }
            assertEquals("first\n" + "again\n".repeat(SshConnection.REDIALS), Files.readString(node.home().resolve("runs")),
                    "each command ran exactly once");
            node.dropConnections();
            IOException e = assertThrows(IOException.class, () -> c.exec("echo late >> runs", T));
            assertTrue(e.getMessage().contains("the connection was lost before it"), e.getMessage());
            assertFalse(Files.readString(node.home().resolve("runs")).contains("late"), "past its redials the command was not sent");
        }
    }

    @Test
    void aNewLoginMustShowTheHostKeyTheFirstOneShowed() throws IOException {
        Path keys = Files.createTempDirectory("spotplay-redial-");
        Path clientKey = KeyPairs.ensureEd25519(keys.resolve("id_ed25519"), "test-client");
        MinaNode first = MinaNode.startWithKey(clientKey, 0);
        int port = first.port();
        Connection c;
        try {
            // Trust on first use trusts any key: only what the connection saw may hold on a dial again.
            c = connector.connect(first.endpoint(), TrustOnFirstUse.acceptAll(), System.currentTimeMillis() + 15_000);
            assertEquals(0, c.exec("true", T).exitCode());
        } finally {
            first.close();
        }
        try (MinaNode impostor = MinaNode.startWithKey(clientKey, port); c) {
            IOException e = assertThrows(IOException.class, () -> c.exec("touch pwned", T));
            assertTrue(e.getMessage().contains("host key"), e.getMessage());
            assertFalse(Files.exists(impostor.home().resolve("pwned")), "nothing ran on a server with another host key");
        } finally {
            TempTrees.delete(keys);
        }
    }
}
