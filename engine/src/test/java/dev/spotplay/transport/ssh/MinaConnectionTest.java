package dev.spotplay.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spotplay.testing.Integration;
import dev.spotplay.testing.MinaNode;
import dev.spotplay.transport.Endpoint;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@Integration
class MinaConnectionTest extends ConnectionContract {

    static MinaNode node;

    @BeforeAll
    static void startNode() throws IOException {
        node = MinaNode.start();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Override
    Endpoint endpoint() {
        return node.endpoint();
    }

    @Test
    void commandsRunInTheNodesHomeWithHomeSet() throws IOException {
        assertEquals(node.home().toString() + "\n" + node.home(), conn.exec("pwd; echo $HOME", T).stdout().strip());
    }

    /**
     * A connection the server ended: once sshj has noticed, an exec fails as a lost connection
     * (an IOException, which a step reports as "connection failed"), not as sshj's unchecked
     * "Not connected".
     */
    @Test
    void anExecOnAConnectionTheServerEndedFailsAsALostConnection() throws Exception {
        MinaNode other = MinaNode.start();
        dev.spotplay.transport.Connection c;
        try {
            c = connector.connect(other.endpoint(), dev.spotplay.testing.TrustOnFirstUse.acceptAll(), System.currentTimeMillis() + 15_000);
            assertEquals(0, c.exec("true", null, java.time.Duration.ofSeconds(10)).exitCode());
        } finally {
            other.close();
        }
        long deadline = System.currentTimeMillis() + 15_000;
        IOException first = null;
        while (first == null && System.currentTimeMillis() < deadline) {
            try {
                c.exec("true", null, java.time.Duration.ofSeconds(5));
                Thread.sleep(20);   // not yet noticed: ask again
            } catch (IOException e) {
                first = e;
            }
        }
        org.junit.jupiter.api.Assertions.assertNotNull(first, "the exec failed once the server was gone");
        IOException again = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> c.exec("true", null, java.time.Duration.ofSeconds(5)));
        org.junit.jupiter.api.Assertions.assertTrue(again.getMessage().contains("lost"), again.getMessage());
        c.close();
    }
}
