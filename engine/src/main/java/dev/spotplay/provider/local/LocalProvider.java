package dev.spotplay.provider.local;

import dev.spotplay.playbook.Group;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.provider.NodeName;
import dev.spotplay.provider.NodeProvider;
import dev.spotplay.provider.ObservedNode;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.transport.ssh.KeyPairs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Nodes on this machine, all served by one {@link ClusterDaemon} per cluster (detached from the
 * CLI: its own session, so Ctrl-C and the CLI's exit leave it running), each with a small anchor
 * process of its own, found again by scanning {@code <workDir>/nodes/}. Killing a node's anchor
 * (the pid in its folder) is this provider's spot interruption.
 */
public final class LocalProvider implements NodeProvider {

    static final String LOOPBACK = "127.0.0.1";
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration GRACE = Duration.ofSeconds(5);
    /** Test knob (see package-info): {@code <node>:<file>} holds that node's launch until the file exists. */
    static final String HOLD = "SPOTPLAY_LOCAL_HOLD";

    private final Playbook playbook;
    private final Path workDir;
    private final Path nodesDir;

    public LocalProvider(Playbook playbook, Path workDir) {
        this.playbook = playbook;
        this.workDir = workDir.toAbsolutePath();
        this.nodesDir = this.workDir.resolve("nodes");
    }

    @Override
    public String defaultUser() {
        return System.getProperty("user.name");
    }

    @Override
    public List<ObservedNode> observe() throws IOException {
        if (!Files.isDirectory(nodesDir)) {
            return List.of();
        }
        List<ObservedNode> nodes = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(nodesDir)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                observe(dir).ifPresent(nodes::add);
            }
        }
        return nodes;
    }

    private Optional<ObservedNode> observe(Path dir) {
        String name = dir.getFileName().toString();
        NodeName parsed;
        try {
            parsed = NodeName.parse(name);
        } catch (IllegalArgumentException notANode) {
            return Optional.empty();
        }
        int port = port(dir);
        boolean alive = port > 0 && NodeProcesses.find(dir).isPresent();
        Optional<String> stopped = alive ? Optional.empty() : marker(dir.resolve(ClusterDaemon.STOPPED_FILE));
        String why = alive ? null : stopped.or(() -> marker(dir.resolve(ClusterDaemon.GONE_FILE))).orElse("process gone");
        return Optional.of(new ObservedNode(name, parsed.group(), id(dir).orElse(null), LOOPBACK, stopped.isPresent() ? 0 : port,
                LOOPBACK, alive, why, 0, null, stopped.isPresent()));
    }

    static final String AUTOSTOP = "autostop";

    /** {@code autostop}: the group's ({@code 5s stop}), or {@code off}; changed in place ({@link #update}). */
    @Override
    public Map<String, String> launchSettings(Group group) {
        return Map.of(AUTOSTOP, dev.spotplay.provider.Autostop.of(group).map(dev.spotplay.provider.Autostop::text).orElse("off"));
    }

    @Override
    public java.util.Set<String> updatableSettings() {
        return java.util.Set.of(AUTOSTOP);
    }

    /** A new autostop for a node: its folder's setting file, which the daemon reads each second (its idle clock runs on). */
    @Override
    public void update(NodeRecord node, Map<String, String> settings) throws IOException {
        Group group = playbook.group(node.group()).orElseThrow(() -> new IOException("no group " + node.group() + " in the playbook"));
        writeAutostop(nodesDir.resolve(NodeName.parse(node.name()).toString()), group);
    }

    /** The node's {@link ClusterDaemon#AUTOSTOP_FILE}: {@code IDLE_MILLIS ACTION}, or none without autostop. */
    private static void writeAutostop(Path dir, Group group) throws IOException {
        Path file = dir.resolve(ClusterDaemon.AUTOSTOP_FILE);
        Optional<dev.spotplay.provider.Autostop> a = dev.spotplay.provider.Autostop.of(group);
        if (a.isEmpty()) {
            Files.deleteIfExists(file);
        } else {
            NodeServer.writeAtomically(file, a.get().idle().toMillis() + " " + a.get().action().label());
        }
    }

    /**
     * The node's provider id: {@code pid-} and the pid of its first anchor, kept in its folder so
     * that a resumed node (a new anchor) is the same machine; a folder made before the id file
     * was kept has its anchor's pid.
     */
    private static Optional<String> id(Path dir) {
        return marker(dir.resolve(ClusterDaemon.ID_FILE))
                .or(() -> NodeProcesses.pid(dir.resolve(NodeServer.PID_FILE)).map(p -> "pid-" + p));
    }

    /** A one-line marker file's text, if it is there. */
    private static Optional<String> marker(Path file) {
        try {
            String text = Files.readString(file).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException absent) {
            return Optional.empty();
        }
    }

    /**
     * Pauses nodes: the daemon ends their ports and anchors (and what their commands left
     * running) and leaves each folder (home, host key, id) with a marker, so {@link #observe}
     * reports them stopped, not gone.
     */
    @Override
    public void stop(List<NodeRecord> nodes) throws IOException {
        List<Path> dirs = dirsOf(nodes);
        long deadline = System.nanoTime() + GRACE.toNanos() * 2;
        try (DaemonClient daemon = DaemonClient.open(workDir, deadline, false)
                .orElseThrow(() -> new IOException("the cluster's local daemon is not running, so its nodes are gone, not running"))) {
            for (Path dir : dirs) {
                daemon.send("pause " + dir);
            }
            daemon.send("flush");
            while (!daemon.receive().equals("flushed")) {
                // one "paused" a node
            }
        }
        for (Path dir : dirs) {
            if (NodeProcesses.find(dir).isPresent() || !Files.exists(dir.resolve(ClusterDaemon.STOPPED_FILE))) {
                throw new IOException("node " + dir.getFileName() + " did not stop (see "
                        + workDir.resolve(ClusterDaemon.DIR).resolve(ClusterDaemon.LOG_FILE) + ")");
            }
        }
    }

    /** Resumes paused nodes from their folders: the same home, host key and id, on new ports (the daemon is started if it left). */
    @Override
    public List<ObservedNode> start(List<NodeRecord> nodes) throws IOException {
        List<Path> dirs = dirsOf(nodes);
        long deadline = System.nanoTime() + playbook.ssh().startTimeout().toNanos();
        authorizeClusterKey();
        List<ObservedNode> started = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        try (DaemonClient daemon = DaemonClient.open(workDir, deadline, true).orElseThrow()) {
            for (Path dir : dirs) {
                daemon.send("resume " + dir);
            }
            daemon.send("flush");
            for (String reply; !(reply = daemon.receive()).equals("flushed"); ) {
                if (reply.startsWith("failed ")) {
                    failed.add(reply.substring("failed ".length()));
                }
            }
        }
        for (Path dir : dirs) {
            observe(dir).filter(ObservedNode::alive).ifPresent(started::add);
        }
        if (!failed.isEmpty()) {
            throw new IOException("could not start " + String.join("; ", failed));
        }
        return started;
    }

    private List<Path> dirsOf(List<NodeRecord> nodes) throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (NodeRecord n : nodes) {
            Path dir = nodesDir.resolve(NodeName.parse(n.name()).toString());
            if (!Files.isDirectory(dir)) {
                throw new IOException("node " + n.name() + " has no folder in " + nodesDir + " (it is gone: apply launches it again)");
            }
            dirs.add(dir);
        }
        return dirs;
    }

    @Override
    public void launch(dev.spotplay.provider.LaunchRequest request, LaunchSink sink) throws IOException {
        Group group = request.group();
        Path authorizedKeys = authorizeClusterKey();
        Duration timeout = playbook.ssh().startTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Path, NodeName> pending = new LinkedHashMap<>();
        for (NodeName name : request.names()) {
            pending.put(nodeDir(name), name);
        }
        Map<NodeName, ObservedNode> held = new LinkedHashMap<>();
        try (DaemonClient daemon = DaemonClient.open(workDir, deadline, true).orElseThrow()) {
            // Every node is asked for at once; the daemon starts them in parallel and answers as each listens.
            for (Path dir : pending.keySet()) {
                daemon.send("start " + dir);
            }
            daemon.send("flush");
            for (String reply; !(reply = daemon.receive()).equals("flushed"); ) {
                String[] words = reply.split(" ", 2);
                String rest = words.length > 1 ? words[1] : "";
                if (words[0].equals("started")) {
                    // started DIR PORT PID (the folder may hold spaces, the numbers do not)
                    int b = rest.lastIndexOf(' ');
                    int a = rest.lastIndexOf(' ', b - 1);
                    NodeName name = pending.remove(Path.of(rest.substring(0, a)));
                    if (name == null) {
                        continue;
                    }
                    ObservedNode node = new ObservedNode(name.toString(), group.name(), id(Path.of(rest.substring(0, a))).orElse("pid-" + rest.substring(b + 1)), LOOPBACK,
                            Integer.parseInt(rest.substring(a + 1, b)), LOOPBACK, true, null);
                    try {
                        writeAutostop(nodeDir(name), group);
                    } catch (IOException e) {
                        sink.failed(name, "cannot write its autostop setting: " + e.getMessage());
                        continue;
                    }
                    if (held(name).isPresent()) {
                        held.put(name, node);
                    } else {
                        sink.launched(name, node);
                    }
                } else if (words[0].equals("failed")) {
                    pending.entrySet().stream().filter(e -> rest.startsWith(e.getKey() + " ")).findFirst().ifPresent(e -> {
                        pending.remove(e.getKey());
                        sink.failed(e.getValue(), "cannot start the node: " + rest.substring(e.getKey().toString().length() + 1));
                    });
                }
            }
        } catch (IOException | RuntimeException e) {
            for (NodeName name : pending.values()) {
                sink.failed(name, "cannot start the node: " + e.getMessage() + " (see " + workDir.resolve(ClusterDaemon.DIR).resolve(ClusterDaemon.LOG_FILE) + ")");
            }
            pending.clear();
        }
        for (NodeName name : pending.values()) {
            sink.failed(name, "the local cluster daemon did not answer for this node");
        }
        for (Map.Entry<NodeName, ObservedNode> e : held.entrySet()) {
            awaitHold(e.getKey(), e.getValue(), deadline, timeout, sink);
        }
    }

    /** The {@link #HOLD} knob: the node is up, but reported only once the file exists (else it is stopped and reported failed). */
    private void awaitHold(NodeName name, ObservedNode node, long deadline, Duration timeout, LaunchSink sink) {
        Path hold = held(name).orElseThrow();
        while (!Files.exists(hold)) {
            if (System.nanoTime() > deadline) {
                NodeProcesses.find(nodeDir(name)).ifPresent(ProcessHandle::destroyForcibly);
                sink.failed(name, "held by " + HOLD + " until " + hold + " existed, which it did not within " + timeout.toSeconds() + "s");
                return;
            }
            if (!pause()) {
                sink.failed(name, "interrupted while waiting for the node to start");
                return;
            }
        }
        sink.launched(name, node);
    }

    /** One poll interval; false if interrupted. */
    private static boolean pause() {
        try {
            Thread.sleep(POLL.toMillis());
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The file the {@link #HOLD} test knob makes this node's launch wait for, if it names this node. */
    private static Optional<Path> held(NodeName name) {
        String knob = System.getenv(HOLD);
        if (knob == null || knob.indexOf(':') < 0) {
            return Optional.empty();
        }
        String node = knob.substring(0, knob.indexOf(':'));
        return node.equals(name.toString()) ? Optional.of(Path.of(knob.substring(knob.indexOf(':') + 1))) : Optional.empty();
    }

    /** Without its own session a process would die with the CLI's terminal or a Ctrl-C to its process group. */
    static Optional<String> setsid() {
        return Stream.of("/usr/bin/setsid", "/bin/setsid").filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }

    /**
     * The daemon stops the nodes (ports closed, commands and what they left running killed,
     * anchors ended); a node whose daemon is gone has its anchor killed here. The folders go,
     * and once the cluster has no live node the daemon is waited for: it exits by itself.
     */
    @Override
    public void terminate(List<NodeRecord> nodes) throws IOException {
        long deadline = System.nanoTime() + GRACE.toNanos() * 2;
        List<Path> dirs = nodes.stream().map(n -> nodesDir.resolve(n.name())).filter(Files::isDirectory).toList();
        Optional<ProcessHandle> daemonProcess = NodeProcesses.daemon(workDir);
        if (daemonProcess.isPresent() && !dirs.isEmpty()) {
            try (DaemonClient daemon = DaemonClient.open(workDir, deadline, false).orElseThrow(() -> new IOException("gone"))) {
                for (Path dir : dirs) {
                    daemon.send("stop " + dir);
                }
                daemon.send("flush");
                while (!daemon.receive().equals("flushed")) {
                    // one "stopped" a node
                }
            } catch (IOException | RuntimeException daemonGone) {
                // Its anchors end with it; any still found are killed below.
            }
        }
        for (Path dir : dirs) {
            Optional<ProcessHandle> anchor = NodeProcesses.find(dir);
            anchor.ifPresent(ProcessHandle::destroyForcibly);
            anchor.ifPresent(a -> NodeProcesses.awaitEnd(a, System.nanoTime() + GRACE.toNanos()));
            deleteRecursively(dir);
        }
        if (daemonProcess.isPresent() && observe().stream().noneMatch(ObservedNode::alive)) {
            ProcessHandle d = daemonProcess.get();
            if (!NodeProcesses.awaitEnd(d, System.nanoTime() + GRACE.toNanos())) {
                d.destroy();
                NodeProcesses.awaitEnd(d, System.nanoTime() + GRACE.toNanos());
            }
        }
    }

    /** Writes the cluster's authorized_keys: the playbook's key, or the key spotplay made for the cluster. */
    private Path authorizeClusterKey() throws IOException {
        // The cluster's folder holds its key: private to the user, like the state beside it.
        Files.createDirectories(workDir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        Path privateKey = playbook.ssh().loginKey(workDir);
        if (playbook.ssh().privateKey() == null) {
            KeyPairs.ensureEd25519(privateKey, "spotplay-" + playbook.name());
        }
        Path pub = KeyPairs.publicKeyFile(privateKey);
        if (!Files.isRegularFile(pub)) {
            throw new IOException("the local provider needs the public key " + pub + " beside ssh.private_key " + privateKey
                    + " (ssh-keygen -y -f " + privateKey + " > " + pub + " makes it)");
        }
        Path authorized = workDir.resolve("authorized_keys");
        Path temp = workDir.resolve("authorized_keys.tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, Files.readString(pub));
        Files.move(temp, authorized, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return authorized;
    }

    private Path nodeDir(NodeName name) {
        return nodesDir.resolve(name.toString());
    }

    private static int port(Path dir) {
        try {
            return Integer.parseInt(Files.readString(dir.resolve(NodeServer.PORT_FILE)).strip());
        } catch (IOException | NumberFormatException notReady) {
            return 0;
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
