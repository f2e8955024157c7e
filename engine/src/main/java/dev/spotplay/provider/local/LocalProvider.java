package dev.spotplay.provider.local;

import dev.spotplay.diag.Durations;
import dev.spotplay.playbook.Group;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.provider.NodeName;
import dev.spotplay.provider.NodeProvider;
import dev.spotplay.provider.ObservedNode;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.transport.ssh.KeyPairs;
import java.io.File;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Nodes on this machine: each a {@link NodeServer} JVM of its own, detached from the CLI (its
 * own session, so Ctrl-C and the CLI's exit leave it running), found again by scanning
 * {@code <workDir>/nodes/}. Killing a node's process is this provider's spot interruption.
 */
public final class LocalProvider implements NodeProvider {

    /** A node serves one SSH client; it needs little heap and no optimising compiler. */
    static final List<String> JVM_FLAGS = List.of("-Xmx48m", "-Xms8m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xss512k", "-XX:-UsePerfData", "-XX:ReservedCodeCacheSize=16m", "-XX:MaxMetaspaceSize=64m");
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
        Optional<Long> pid = NodeProcesses.pid(dir);
        int port = port(dir);
        boolean alive = port > 0 && NodeProcesses.find(dir).isPresent();
        return Optional.of(new ObservedNode(name, parsed.group(), pid.map(p -> "pid-" + p).orElse(null), LOOPBACK, port,
                LOOPBACK, alive, alive ? null : "process gone"));
    }

    @Override
    public void launch(dev.spotplay.provider.LaunchRequest request, LaunchSink sink) throws IOException {
        Group group = request.group();
        List<NodeName> names = request.names();
        Path authorizedKeys = authorizeClusterKey();
        Map<NodeName, Process> started = new LinkedHashMap<>();
        for (NodeName name : names) {
            try {
                started.put(name, spawn(nodeDir(name), authorizedKeys));
            } catch (IOException e) {
                sink.failed(name, "cannot start the node process: " + e.getMessage());
            }
        }
        Duration timeout = playbook.ssh().startTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Map.Entry<NodeName, Process> e : started.entrySet()) {
            awaitReady(group, e.getKey(), e.getValue(), deadline, timeout, sink);
        }
    }

    private void awaitReady(Group group, NodeName name, Process process, long deadline, Duration timeout, LaunchSink sink) {
        Path dir = nodeDir(name);
        Optional<Path> hold = held(name);
        while (hold.isPresent() && !Files.exists(hold.get())) {
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                sink.failed(name, "held by " + HOLD + " until " + hold.get() + " existed, which it did not within " + timeout.toSeconds() + "s");
                return;
            }
            if (!pause()) {
                sink.failed(name, "interrupted while waiting for the node to start");
                return;
            }
        }
        while (true) {
            int port = port(dir);
            if (port > 0) {
                long pid = NodeProcesses.pid(dir).orElse(process.pid());
                sink.launched(name, new ObservedNode(name.toString(), group.name(), "pid-" + pid, LOOPBACK, port, LOOPBACK, true, null));
                return;
            }
            if (!process.isAlive() && NodeProcesses.find(dir).isEmpty()) {
                sink.failed(name, "the node process exited with code " + process.exitValue() + " before listening; "
                        + dir.resolve(NodeServer.LOG_FILE) + " ends with:\n" + tail(dir.resolve(NodeServer.LOG_FILE)));
                return;
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                sink.failed(name, "the node did not listen within " + dev.spotplay.diag.Durations.format(timeout) + "; see " + dir.resolve(NodeServer.LOG_FILE));
                return;
            }
            if (!pause()) {
                sink.failed(name, "interrupted while waiting for the node to start");
                return;
            }
        }
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

    /** A replacement node is a fresh machine: nothing of a previous node of the same name survives. */
    private Process spawn(Path dir, Path authorizedKeys) throws IOException {
        NodeProcesses.find(dir).ifPresent(old -> stop(List.of(old)));
        deleteRecursively(dir);
        Files.createDirectories(dir.resolve(NodeServer.HOME));
        File log = dir.resolve(NodeServer.LOG_FILE).toFile();
        List<String> command = new ArrayList<>();
        setsid().ifPresent(command::add);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add(NodeServer.class.getName());
        command.add(dir.toString());
        command.add(authorizedKeys.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        // The class path goes by environment: on the command line a long one would push the node
        // folder past what /proc shows of it, and the node could no longer be recognised.
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        return builder
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .redirectErrorStream(true)
                .start();
    }

    /** Without its own session a node would die with the CLI's terminal or a Ctrl-C to its process group. */
    private static Optional<String> setsid() {
        return Stream.of("/usr/bin/setsid", "/bin/setsid").filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }

    @Override
    public void terminate(List<NodeRecord> nodes) throws IOException {
        List<ProcessHandle> processes = new ArrayList<>();
        for (NodeRecord node : nodes) {
            NodeProcesses.find(nodesDir.resolve(node.name())).ifPresent(processes::add);
        }
        stop(processes);
        for (NodeRecord node : nodes) {
            deleteRecursively(nodesDir.resolve(node.name()));
        }
    }

    /** SIGTERM to all, up to 5 s for a clean exit, then SIGKILL; then whatever their commands left running in their sessions. */
    private static void stop(List<ProcessHandle> processes) {
        Map<ProcessHandle, List<ProcessHandle>> leftovers = new LinkedHashMap<>();
        for (ProcessHandle p : processes) {
            leftovers.put(p, NodeProcesses.sessionMembers(p.pid()));
            p.destroy();
        }
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (ProcessHandle p : processes) {
            if (!waitFor(p, Math.max(0, deadline - System.nanoTime()))) {
                p.destroyForcibly();
                waitFor(p, GRACE.toNanos());
            }
        }
        for (ProcessHandle p : processes) {
            // Members of the node's session still running now were left behind (daemons, or
            // commands the node could not kill); a terminated machine keeps nothing running.
            for (ProcessHandle member : NodeProcesses.sessionMembers(p.pid())) {
                member.destroyForcibly();
            }
            leftovers.get(p).forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static boolean waitFor(ProcessHandle p, long nanos) {
        try {
            p.onExit().get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (Exception notYet) {
            return !p.isAlive();
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

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
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
