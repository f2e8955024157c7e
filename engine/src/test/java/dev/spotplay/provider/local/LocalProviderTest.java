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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.Set;
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

    @Test
    void oneDaemonServesEveryNodeEachWithItsOwnHostKeyAndLeavesWithTheLast() throws Exception {
        Path workDir = root.resolve(".spotplay/demo");
        provider = provider(workDir);
        Map<String, ObservedNode> up = launch("worker001", "worker002", "worker003");
        ProcessHandle daemon = NodeProcesses.daemon(workDir).orElseThrow();
        Set<String> keys = new HashSet<>();
        for (ObservedNode n : up.values()) {
            ProcessHandle anchor = ProcessHandle.of(pid(n)).orElseThrow();
            assertEquals(daemon.pid(), anchor.parent().map(ProcessHandle::pid).orElse(-1L), "the daemon owns " + n.name() + "'s process");
            // ssh-keyscan (OpenSSH) says which key each port presents: the one in that node's folder
            String scanned = run(List.of("ssh-keyscan", "-t", "ed25519", "-p", Integer.toString(n.port()), "127.0.0.1")).strip();
            String mine = Files.readString(workDir.resolve("nodes/" + n.name() + "/ssh_host_ed25519_key.pub")).strip().split(" ")[1];
            assertTrue(scanned.contains(mine), n.name() + " presents its own host key: " + scanned);
            keys.add(mine);
        }
        assertEquals(3, keys.size(), "three nodes, three host keys");

        List<NodeRecord> records = new ArrayList<>();
        for (ObservedNode n : provider.observe()) {
            records.add(record(n));
        }
        provider.terminate(records.subList(0, 1));
        assertTrue(daemon.isAlive(), "the daemon stays while it has nodes");
        provider.terminate(records.subList(1, 3));
        daemon.onExit().get(10, TimeUnit.SECONDS);
        assertFalse(daemon.isAlive());
    }

    @Test
    void nodesSpeakSftpAndScpToOpenSshClients() throws Exception {
        Path workDir = root.resolve(".spotplay/demo");
        provider = provider(workDir);
        ObservedNode n = launch("worker001").get("worker001");
        Path home = workDir.resolve("nodes/worker001/home");
        Path local = root.resolve("payload.txt");
        Files.writeString(local, "hello over sftp\n");
        List<String> opts = List.of("-i", workDir.resolve("id_ed25519").toString(), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR");
        String target = System.getProperty("user.name") + "@127.0.0.1";

        Path batch = root.resolve("batch");
        Files.writeString(batch, "mkdir sub\nput " + local + " sub/put.txt\nget sub/put.txt " + root.resolve("back.txt") + "\npwd\n");
        List<String> sftp = new ArrayList<>(List.of("sftp", "-b", batch.toString(), "-P", Integer.toString(n.port())));
        sftp.addAll(opts);
        sftp.add(target);
        String out = run(sftp);
        assertEquals("hello over sftp\n", Files.readString(home.resolve("sub/put.txt")), "a relative path lands in the node's home");
        assertEquals("hello over sftp\n", Files.readString(root.resolve("back.txt")));
        assertTrue(out.contains("Remote working directory: " + home.toRealPath()), out);

        for (String mode : List.of("-s", "-O")) {   // scp over SFTP (OpenSSH 9's default), and the legacy protocol
            List<String> scp = new ArrayList<>(List.of("scp", mode, "-P", Integer.toString(n.port())));
            scp.addAll(opts);
            scp.add(local.toString());
            scp.add(target + ":scp" + mode + ".txt");
            run(scp);
            assertEquals("hello over sftp\n", Files.readString(home.resolve("scp" + mode + ".txt")), "scp " + mode);
        }
    }

    @Test
    void aStoppedOrInterruptedNodeLeavesNothingOfItsCommandsRunning() throws Exception {
        Path workDir = root.resolve(".spotplay/demo");
        provider = provider(workDir);
        Map<String, ObservedNode> up = launch("worker001", "worker002");
        SshConnector connector = new SshConnector(dev.spotplay.testing.TestThreads.IO);
        Map<String, ProcessHandle> leftovers = new java.util.HashMap<>();
        for (ObservedNode n : up.values()) {
            Endpoint ep = new Endpoint(n.name(), n.host(), n.port(), provider.defaultUser(), workDir.resolve("id_ed25519"), T);
            try (Connection c = connector.connect(ep, new TrustOnFirstUse(), System.currentTimeMillis() + 10_000)) {
                // a daemon of the node's: it outlives the command that started it
                String pid = c.exec("nohup sleep 600 >/dev/null 2>&1 & echo $!", T).stdout().strip();
                leftovers.put(n.name(), ProcessHandle.of(Long.parseLong(pid)).orElseThrow());
            }
            assertTrue(leftovers.get(n.name()).isAlive(), "started on " + n.name());
        }

        // worker002: a spot interruption; the daemon notices and drops the node
        ProcessHandle.of(pid(up.get("worker002"))).orElseThrow().destroyForcibly();
        leftovers.get("worker002").onExit().get(10, TimeUnit.SECONDS);
        assertFalse(leftovers.get("worker002").isAlive());
        assertTrue(leftovers.get("worker001").isAlive(), "the other node is untouched");

        // worker001: destroyed
        List<NodeRecord> records = new ArrayList<>();
        for (ObservedNode n : provider.observe()) {
            records.add(record(n));
        }
        provider.terminate(records);
        // terminate returns once it is dead: gone, or a zombie (an orphan's, until init reaps it)
        assertTrue(NodeProcesses.ended(leftovers.get("worker001")), "terminate kills what the node's commands left running");
    }

    /** Runs an OpenSSH client tool; its output, or a failure with what it said. */
    static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), command + " ended");
        assertEquals(0, p.exitValue(), command + " said:\n" + out);
        return out;
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
