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
}
