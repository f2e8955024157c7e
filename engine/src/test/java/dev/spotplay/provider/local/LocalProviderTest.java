package dev.spotplay.provider.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.playbook.Group;
import dev.spotplay.playbook.Membership;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.ProviderConfig;
import dev.spotplay.playbook.SshConfig;
import dev.spotplay.provider.NodeName;
import dev.spotplay.provider.NodeProvider;
import dev.spotplay.provider.ObservedNode;
import dev.spotplay.provider.ProviderFactory;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.testing.Integration;
import dev.spotplay.testing.TrustOnFirstUse;
import dev.spotplay.transport.Connection;
import dev.spotplay.transport.Endpoint;
import dev.spotplay.transport.ssh.SshConnector;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Integration
class LocalProviderTest {

    static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path root;
    NodeProvider provider;
    final List<NodeRecord> launched = new ArrayList<>();

    Playbook playbook() {
        SshConfig ssh = new SshConfig(null, 0, null, Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(1), Map.of());
        Group worker = new Group("worker", OptionalInt.of(3), OptionalInt.of(3), Map.of(), List.of(), null);
        return new Playbook(root.resolve("cluster.yml"), "demo", new ProviderConfig("local", Map.of(), Membership.COUNTED), ssh, Map.of(),
                List.of(worker), List.of(), List.of());
    }

    NodeProvider provider(Path workDir) {
        ProviderFactory factory = ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.type().equals("local")).findFirst().orElseThrow();
        return factory.create(playbook(), workDir);
    }

    @AfterEach
    void terminateWhateverIsLeft() throws IOException {
        if (provider != null) {
            List<NodeRecord> all = new ArrayList<>();
            for (ObservedNode n : provider.observe()) {
                all.add(record(n));
            }
            provider.terminate(all);
        }
    }

    Map<String, ObservedNode> launch(String... names) throws IOException {
        Map<String, ObservedNode> up = new ConcurrentHashMap<>();
        Map<String, String> failed = new ConcurrentHashMap<>();
        List<NodeName> list = new ArrayList<>();
        for (String n : names) {
            list.add(NodeName.parse(n));
        }
        provider.launch(new dev.spotplay.provider.LaunchRequest(playbook().groups().get(0), list, "test"), new NodeProvider.LaunchSink() {
            @Override
            public void launched(NodeName name, ObservedNode node) {
                up.put(name.toString(), node);
            }

            @Override
            public void failed(NodeName name, String reason) {
                failed.put(name.toString(), reason);
            }
        });
        assertEquals(Map.of(), failed);
        return up;
    }

    @Test
    void launchObserveConnectInterruptTerminate() throws Exception {
        Path workDir = root.resolve(".spotplay/demo");
        provider = provider(workDir);
        long start = System.nanoTime();
        Map<String, ObservedNode> up = launch("worker001", "worker002", "worker003");
        long launchMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(3, up.size());
        System.out.println("launched 3 local nodes in " + launchMs + " ms");

        List<ObservedNode> seen = provider.observe();
        assertEquals(List.of("worker001", "worker002", "worker003"), seen.stream().map(ObservedNode::name).toList());
        for (ObservedNode n : seen) {
            assertTrue(n.alive(), n.toString());
            assertEquals("worker", n.group());
            assertEquals("127.0.0.1", n.host());
            assertEquals(up.get(n.name()).port(), n.port());
            assertTrue(n.providerId().matches("pid-\\d+"), n.providerId());
        }

        SshConnector connector = new SshConnector(dev.spotplay.testing.TestThreads.IO);
        ObservedNode first = up.get("worker001");
        Endpoint ep = new Endpoint("worker001", first.host(), first.port(), provider.defaultUser(), workDir.resolve("id_ed25519"), T);
        long t0 = System.nanoTime();
        try (Connection c = connector.connect(ep, new TrustOnFirstUse(), System.currentTimeMillis() + 10_000)) {
            String pwd = c.exec("pwd", T).stdout().strip();
            System.out.println("connect+exec on a local node: " + (System.nanoTime() - t0) / 1_000_000 + " ms (first, cold)");
            assertEquals(workDir.resolve("nodes/worker001/home").toRealPath().toString(), pwd);
        }

        // a spot interruption: the node's process dies without warning
        ProcessHandle victim = ProcessHandle.of(pid(up.get("worker002"))).orElseThrow();
        victim.destroyForcibly();
        victim.onExit().get(10, TimeUnit.SECONDS);
        ObservedNode gone = provider.observe().stream().filter(n -> n.name().equals("worker002")).findFirst().orElseThrow();
        assertFalse(gone.alive());
        assertEquals("process gone", gone.reason());

        List<NodeRecord> records = new ArrayList<>();
        for (ObservedNode n : provider.observe()) {
            records.add(record(n));
        }
        provider.terminate(records);
        for (ObservedNode n : up.values()) {
            assertFalse(ProcessHandle.of(pid(n)).map(ProcessHandle::isAlive).orElse(false), n.name() + " still runs");
            assertThrows(IOException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", n.port()), 1_000);
                }
            }, n.name() + " still accepts connections");
            assertFalse(Files.exists(workDir.resolve("nodes").resolve(n.name())));
        }
        assertEquals(List.of(), provider.observe());
    }

    @Test
    void halfWrittenFoldersAreReportedNotAlive() throws IOException {
        Path workDir = root.resolve(".spotplay/demo");
        provider = provider(workDir);
        Path nodes = workDir.resolve("nodes");
        Files.createDirectories(nodes.resolve("worker001"));                       // crashed right after mkdir
        Files.createDirectories(nodes.resolve("worker002"));
        Files.writeString(nodes.resolve("worker002/pid"), "garbage");
        Files.createDirectories(nodes.resolve("worker003"));
        Files.writeString(nodes.resolve("worker003/pid"), Long.toString(ProcessHandle.current().pid()));   // a live pid that is not a node
        Files.writeString(nodes.resolve("worker003/port"), "22");
        List<ObservedNode> seen = provider.observe();
        assertEquals(3, seen.size());
        for (ObservedNode n : seen) {
            assertFalse(n.alive(), n.toString());
            assertEquals("process gone", n.reason());
        }
    }

    @Test
    void relaunchingANameGivesAFreshMachine() throws Exception {
        Path workDir = root.resolve(".spotplay/demo");
        provider = provider(workDir);
        ObservedNode before = launch("worker001").get("worker001");
        Path marker = workDir.resolve("nodes/worker001/home/marker");
        Files.writeString(marker, "old");
        ObservedNode after = launch("worker001").get("worker001");
        assertFalse(Files.exists(marker));
        assertFalse(ProcessHandle.of(pid(before)).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(ProcessHandle.of(pid(after)).map(ProcessHandle::isAlive).orElse(false));
    }

    static long pid(ObservedNode n) {
        return Long.parseLong(n.providerId().substring("pid-".length()));
    }

    static NodeRecord record(ObservedNode n) {
        NodeName name = NodeName.parse(n.name());
        return NodeRecord.builder(n.name()).group(n.group()).index(name.index()).providerId(n.providerId())
                .endpoint(n.host(), n.port()).privateIp(n.privateIp()).status(NodeStatus.RUNNING, null).createdAt(Instant.now()).build();
    }
}
