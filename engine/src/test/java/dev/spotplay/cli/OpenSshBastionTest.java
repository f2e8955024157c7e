package dev.spotplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.Commands;
import dev.spotplay.testing.Integration;
import dev.spotplay.testing.OpenSshServer;
import dev.spotplay.testing.SshdProcess;
import dev.spotplay.transport.Endpoint;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code spotplay ssh} through a bastion, with OpenSSH as the oracle: {@code ssh -G} shows what the
 * node's and the bastion's connections would use, and a real login goes through a real sshd
 * bastion (127.0.5.3) to a node (127.0.5.2). A bastion whose sshd may forward only elsewhere
 * ({@code PermitOpen}) cannot reach the node, which shows that the path goes through it.
 */
@Integration
class OpenSshBastionTest {
    static final String NODE = "127.0.5.2";
    static final String BASTION = "127.0.5.3";
    static final String CLOSED = "127.0.5.4";

    @TempDir static Path fixtures;
    @TempDir Path dir;
    static SshdProcess node;
    static SshdProcess bastion;
    static SshdProcess closed;
    static int nodePort;
    static int bastionPort;
    static int closedPort;

    @BeforeAll
    static void start() throws IOException {
        nodePort = freePort();
        bastionPort = freePort();
        closedPort = freePort();
        node = SshdProcess.start(fixtures.resolve("node"), SshdProcess.hostKey(fixtures.resolve("keys/node")), List.of(NODE), nodePort,
                "AllowTcpForwarding no");
        bastion = SshdProcess.start(fixtures.resolve("bastion"), SshdProcess.hostKey(fixtures.resolve("keys/bastion")), List.of(BASTION),
                bastionPort, "AllowTcpForwarding yes", "PermitOpen " + NODE + ":" + nodePort);
        closed = SshdProcess.start(fixtures.resolve("closed"), SshdProcess.hostKey(fixtures.resolve("keys/closed")), List.of(CLOSED),
                closedPort, "AllowTcpForwarding yes", "PermitOpen 127.0.5.9:9");
    }

    @AfterAll
    static void stop() {
        for (SshdProcess p : new SshdProcess[] {node, bastion, closed}) {
            if (p != null) {
                p.close();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String publicKey(String name) throws IOException {
        String[] parts = Files.readString(fixtures.resolve("keys/" + name + ".pub")).strip().split(" ");
        return parts[0] + " " + parts[1];
    }

    private static Map<String, List<String>> dashG(List<String> argv) throws IOException {
        List<String> withG = new ArrayList<>(argv);
        withG.add(1, "-G");
        Map<String, List<String>> config = new LinkedHashMap<>();
        for (String line : Commands.run(withG).split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                config.computeIfAbsent(line.substring(0, space), k -> new ArrayList<>()).add(line.substring(space + 1));
            }
        }
        return config;
    }

    private Endpoint node(String bastionHost, int port, String bastionUser, Path key) {
        Endpoint b = new Endpoint(Endpoint.BASTION, bastionHost, port, bastionUser, key, Duration.ofSeconds(4));
        return new Endpoint("n1", NODE, nodePort, System.getProperty("user.name"), key, Duration.ofSeconds(4), b);
    }

    /** The files {@code spotplay ssh} writes: known_hosts with both pinned keys, and the bastion's ssh_config. */
    private Path[] files(Endpoint e, String bastionKey) throws IOException {
        Path known = Files.writeString(dir.resolve("known"), OpenSshArgs.ALIAS + " " + publicKey("node") + "\n"
                + OpenSshArgs.BASTION_ALIAS + " " + bastionKey + "\n");
        Path config = Files.writeString(dir.resolve("ssh_config"), OpenSshArgs.jumpConfig(e.via(), known));
        return new Path[] {known, config};
    }

    @Test
    void theNodeGoesThroughTheBastionAliasAndTheAliasIsExactlyTheBastion() throws Exception {
        Path key = OpenSshServer.get().key();
        Endpoint e = node(BASTION, bastionPort, "jumper", key);
        Path[] f = files(e, publicKey("bastion"));
        Map<String, List<String>> main = dashG(OpenSshArgs.argv(e, f[0], f[1], List.of("true")));
        assertEquals(List.of(OpenSshArgs.BASTION_ALIAS), main.get("proxyjump"), main.toString());
        assertEquals(List.of(NODE), main.get("hostname"), main.toString());
        assertEquals(List.of(OpenSshArgs.ALIAS), main.get("hostkeyalias"), main.toString());
        // What the jump connection reads: ssh hands it -F and the alias, nothing else.
        Map<String, List<String>> jump = dashG(List.of("ssh", "-F", f[1].toString(), OpenSshArgs.BASTION_ALIAS));
        assertEquals(List.of(BASTION), jump.get("hostname"), jump.toString());
        assertEquals(List.of("jumper"), jump.get("user"), jump.toString());
        assertEquals(List.of(String.valueOf(bastionPort)), jump.get("port"), jump.toString());
        assertEquals(List.of(key.toString()), jump.get("identityfile"), jump.toString());
        assertEquals(List.of(f[0].toString()), jump.get("userknownhostsfile"), jump.toString());
        assertEquals(List.of(OpenSshArgs.BASTION_ALIAS), jump.get("hostkeyalias"), jump.toString());
        assertEquals(List.of("true"), jump.get("stricthostkeychecking"), jump.toString());
        assertFalse(jump.containsKey("proxycommand"), jump.toString());
        assertFalse(jump.containsKey("proxyjump"), jump.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "x\"y", "%h%n", "-oProxyCommand=touch CANARY", "u\\\" ProxyCommand touch CANARY"})
    void aHostileBastionUserStaysOneValue(String hostile) throws Exception {
        Path canary = dir.resolve("canary");
        String user = hostile.replace("CANARY", canary.toString());
        Endpoint e = node(BASTION, bastionPort, user, OpenSshServer.get().key());
        if (user.contains("%")) {
            assertThrows(dev.spotplay.diag.UserError.class, () -> files(e, publicKey("bastion")));
            return;
        }
        Path[] f = files(e, publicKey("bastion"));
        Map<String, List<String>> jump;
        try {
            jump = dashG(List.of("ssh", "-F", f[1].toString(), OpenSshArgs.BASTION_ALIAS));
        } catch (IOException refused) {
            assertTrue(refused.getMessage().contains("invalid characters"), refused.getMessage());
            return;
        }
        assertEquals(List.of(user), jump.get("user"), jump.toString());
        assertFalse(jump.containsKey("proxycommand"), jump.toString());
        assertFalse(Files.exists(canary));
    }

    @Test
    void aRealLoginGoesThroughTheBastion() throws Exception {
        Endpoint e = node(BASTION, bastionPort, System.getProperty("user.name"), OpenSshServer.get().key());
        Path[] f = files(e, publicKey("bastion"));
        List<String> argv = new ArrayList<>(OpenSshArgs.argv(e, f[0], f[1], List.of("echo", "$SSH_CONNECTION")));
        argv.add(1, "-oBatchMode=yes");
        String[] conn = Commands.run(argv).strip().split(" ");
        assertEquals(NODE, conn[2]);
        assertEquals(String.valueOf(nodePort), conn[3]);
    }

    @Test
    void aBastionThatMayNotReachTheNodeFails() throws Exception {
        Endpoint e = node(CLOSED, closedPort, System.getProperty("user.name"), OpenSshServer.get().key());
        Path[] f = files(e, publicKey("closed"));
        List<String> argv = new ArrayList<>(OpenSshArgs.argv(e, f[0], f[1], List.of("echo", "reached")));
        argv.add(1, "-oBatchMode=yes");
        IOException failed = assertThrows(IOException.class, () -> Commands.run(argv));
        assertTrue(failed.getMessage().contains("exited 255"), failed.getMessage());
        assertTrue(failed.getMessage().contains("stdio forwarding failed"), failed.getMessage());
    }

    @Test
    void aBastionWhoseKeyIsNotThePinnedOneIsRefused() throws Exception {
        Endpoint e = node(BASTION, bastionPort, System.getProperty("user.name"), OpenSshServer.get().key());
        Path[] f = files(e, publicKey("closed"));
        List<String> argv = new ArrayList<>(OpenSshArgs.argv(e, f[0], f[1], List.of("echo", "reached")));
        argv.add(1, "-oBatchMode=yes");
        IOException failed = assertThrows(IOException.class, () -> Commands.run(argv));
        assertTrue(failed.getMessage().contains("Host key verification failed"), failed.getMessage());
    }
}
