package dev.spotplay.provider.local;

import dev.spotplay.provider.NodeName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process that serves every local node of one cluster: one JVM, one {@link NodeHost}, and
 * per node a tiny anchor process ({@code sh -c 'read _' spotplay-node NODE_DIR}, a shell
 * blocked reading a pipe from this daemon) whose pid is the node's pid file. Killing an anchor
 * is a spot interruption: the daemon sees it exit and drops the node (port closed, connections
 * cut, what its commands left running killed). The anchors end by themselves if the daemon
 * dies (their pipe closes). The daemon runs in its own session, so it outlives the CLI and its
 * Ctrl-C, and it exits once it serves no node and no client is connected.
 *
 * <p>Files in {@code <workDir>/local/} (0700): {@code pid}, {@code control} (0600: the loopback
 * port of the control socket and the token a client must present first), {@code daemon.log}.
 * Control requests, one a line after the token: {@code start NODE_DIR} (answered
 * {@code started NODE_DIR PORT PID} or {@code failed NODE_DIR REASON}), {@code stop NODE_DIR}
 * (gathered until {@code flush}, then each answered {@code stopped NODE_DIR}), {@code pause NODE_DIR}
 * (gathered likewise, answered {@code paused NODE_DIR}: the node's port and anchor end, its folder,
 * home and host key stay, with a {@link #STOPPED_FILE} marker saying why) and {@code resume NODE_DIR}
 * (a paused node served again from its folder, on a new port; answered as {@code start}).
 */
public final class ClusterDaemon {

    static final String DIR = "local";
    static final String CONTROL_FILE = "control";
    static final String LOG_FILE = "daemon.log";
    /** In a paused node's folder: why it is stopped (one line). Its presence without an anchor means "stopped", not "gone". */
    static final String STOPPED_FILE = "stopped";
    /** In a node's folder: its autostop, {@code IDLE_MILLIS stop|terminate}, written by the provider; absent: none. */
    static final String AUTOSTOP_FILE = "autostop";
    /** In an autostopped node's folder (action terminate): why it is gone; the rest of the folder is removed. */
    static final String GONE_FILE = "gone";
    /** Every this long the daemon looks whether a node with autostop has been idle long enough. */
    private static final long AUTOSTOP_TICK_MS = 1000;
    /** In a node's folder: its provider id, {@code pid-<first anchor's pid>}, kept across pause and resume. */
    static final String ID_FILE = "id";
    /** A daemon that never got a node (its CLI died first) leaves after this long. */
    private static final long IDLE_EXIT_SECONDS = 60;

    private final Path workDir;
    private final Path nodesDir;
    private final Path dir;
    private final NodeHost host;
    private final PrintStream log;
    private final String token;
    private final ServerSocket control;
    private final Map<Path, Served> nodes = new ConcurrentHashMap<>();
    private final AtomicInteger clients = new AtomicInteger();
    private final ExecutorService starters = Executors.newFixedThreadPool(4, daemonThreads("node-start"));
    private final long startedAt = System.nanoTime();
    private volatile boolean exiting;
    private volatile boolean hadNodes;

    /** A node this daemon serves, with its anchor and when it was last seen busy (a {@link System#nanoTime}). */
    private static final class Served {
        final NodeHost.Node node;
        final Process anchor;
        volatile long lastBusy = System.nanoTime();

        Served(NodeHost.Node node, Process anchor) {
            this.node = node;
            this.anchor = anchor;
        }

        NodeHost.Node node() {
            return node;
        }

        Process anchor() {
            return anchor;
        }
    }

    private ClusterDaemon(Path workDir, NodeHost host, PrintStream log, String token, ServerSocket control) {
        this.workDir = workDir;
        this.nodesDir = workDir.resolve("nodes");
        this.dir = workDir.resolve(DIR);
        this.host = host;
        this.log = log;
        this.token = token;
        this.control = control;
    }

    /** {@code ClusterDaemon WORK_DIR}: serves the cluster's nodes until none is left (or SIGTERM). */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ClusterDaemon WORK_DIR");
            System.exit(2);
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        Path workDir = Path.of(args[0]).toAbsolutePath();
        Path dir = workDir.resolve(DIR);
        PrintStream log = new PrintStream(Files.newOutputStream(dir.resolve(LOG_FILE), StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                true, StandardCharsets.UTF_8);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        NodeHost host = NodeHost.start(workDir.resolve("authorized_keys"), 4);
        ServerSocket control = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        ClusterDaemon daemon = new ClusterDaemon(workDir, host, log, token, control);
        NodeServer.writeAtomically(dir.resolve(NodeServer.PID_FILE), Long.toString(ProcessHandle.current().pid()));
        Path temp = dir.resolve(CONTROL_FILE + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, control.getLocalPort() + " " + token + "\n");
        Files.move(temp, dir.resolve(CONTROL_FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        daemon.log("listening for control on 127.0.0.1:" + control.getLocalPort() + ", pid " + ProcessHandle.current().pid());
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::shutDown, "daemon-shutdown"));
        daemon.watch();
        daemon.autostop();
        daemon.serve();
    }

    private void serve() {
        while (!exiting) {
            Socket s;
            try {
                s = control.accept();
            } catch (IOException closed) {
                break;
            }
            clients.incrementAndGet();
            Thread t = new Thread(() -> client(s), "control");
            t.setDaemon(true);
            t.start();
        }
        // The accept loop ends when shutDown closed the socket; exit() is on its way.
    }

    private void client(Socket s) {
        try (s) {
            s.setSoTimeout(0);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
            String first = in.readLine();
            if (first == null || !MessageDigest.isEqual(first.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
                log("refused a control client without the token");
                return;
            }
            List<Path> stops = new ArrayList<>();
            List<Path> pauses = new ArrayList<>();
            List<java.util.concurrent.Future<?>> pending = new ArrayList<>();
            for (String line; (line = in.readLine()) != null; ) {
                int space = line.indexOf(' ');
                String verb = space < 0 ? line : line.substring(0, space);
                String arg = space < 0 ? "" : line.substring(space + 1);
                switch (verb) {
                    case "start" -> pending.add(starters.submit(() -> reply(out, start(arg, true))));
                    case "resume" -> pending.add(starters.submit(() -> reply(out, start(arg, false))));
                    case "stop" -> stops.add(Path.of(arg));
                    case "pause" -> pauses.add(Path.of(arg));
                    case "flush" -> {
                        for (var f : pending) {
                            f.get();
                        }
                        pending.clear();
                        stop(stops);
                        for (Path p : stops) {
                            reply(out, "stopped " + p);
                        }
                        stops.clear();
                        pause(pauses, "stopped by spotplay stop");
                        for (Path p : pauses) {
                            reply(out, "paused " + p);
                        }
                        pauses.clear();
                        reply(out, "flushed");
                    }
                    default -> reply(out, "failed " + arg + " unknown request " + verb);
                }
            }
            for (var f : pending) {
                f.get();
            }
        } catch (Exception e) {
            log("control client: " + e);
        } finally {
            clients.decrementAndGet();
            exitIfIdle();
        }
    }

    private static void reply(Writer out, String line) {
        synchronized (out) {
            try {
                out.write(line + "\n");
                out.flush();
            } catch (IOException gone) {
                // The client left; what it asked for is done regardless.
            }
        }
    }

    /**
     * Starts the node in {@code arg}: afresh ({@code fresh}: a previous node there is stopped and
     * its folder wiped) or resumed from its paused folder (home and host key as they were; a node
     * already served is answered as it is); the reply line.
     */
    private String start(String arg, boolean fresh) {
        Path nodeDir = Path.of(arg);
        try {
            if (!nodeDir.isAbsolute() || !nodesDir.equals(nodeDir.getParent())) {
                return "failed " + arg + " not a node folder of " + nodesDir;
            }
            NodeName.parse(nodeDir.getFileName().toString());
            Served old = nodes.get(nodeDir);
            if (fresh) {
                if (old != null) {
                    stop(List.of(nodeDir));
                }
                LocalProvider.deleteRecursively(nodeDir);
            } else if (old != null) {
                return "started " + nodeDir + " " + old.node().port + " " + old.anchor().pid();
            } else if (!Files.isDirectory(nodeDir.resolve(NodeServer.HOME))) {
                return "failed " + arg + " no stopped node there to resume (its folder is gone)";
            }
            NodeHost.Node node = host.add(nodeDir, 0);
            Process anchor;
            try {
                anchor = new ProcessBuilder("/bin/sh", "-c", "read _", NodeProcesses.ANCHOR, nodeDir.toString())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
            } catch (IOException e) {
                host.remove(node);
                throw e;
            }
            Served served = new Served(node, anchor);
            try {
                // The pid file first: the watch stops a served node whose pid file does not name its anchor.
                NodeServer.writeAtomically(nodeDir.resolve(NodeServer.PID_FILE), Long.toString(anchor.pid()));
                if (fresh || !Files.exists(nodeDir.resolve(ID_FILE))) {
                    NodeServer.writeAtomically(nodeDir.resolve(ID_FILE), "pid-" + anchor.pid());
                }
            } catch (IOException e) {
                anchor.destroyForcibly();
                host.remove(node);
                throw e;
            }
            nodes.put(nodeDir, served);
            hadNodes = true;
            anchor.onExit().thenRun(() -> {
                if (nodes.remove(nodeDir, served)) {
                    log(nodeDir.getFileName() + ": its process " + anchor.pid() + " died; node stopped");
                    host.remove(node);
                    NodeProcesses.killSessions(node.sessions());
                    exitIfIdle();
                }
            });
            NodeServer.writeAtomically(nodeDir.resolve(NodeServer.PORT_FILE), Integer.toString(node.port));
            // Running again: only now is the marker wrong (until here a crash leaves it stopped, not gone).
            Files.deleteIfExists(nodeDir.resolve(STOPPED_FILE));
            return "started " + nodeDir + " " + node.port + " " + anchor.pid();
        } catch (IOException | RuntimeException e) {
            log(nodeDir.getFileName() + ": cannot start: " + e);
            return "failed " + arg + " " + String.valueOf(e.getMessage()).replace('\n', ' ');
        }
    }

    /**
     * Pauses these nodes: the marker first (so a crash from here on leaves them stopped, not
     * gone), then as {@link #stop}, then the pid and port files go: no process, no port.
     */
    private void pause(List<Path> dirs, String why) {
        List<Path> paused = new ArrayList<>();
        for (Path d : dirs) {
            if (!d.isAbsolute() || !nodesDir.equals(d.getParent()) || !Files.isDirectory(d.resolve(NodeServer.HOME))) {
                continue;
            }
            try {
                NodeServer.writeAtomically(d.resolve(STOPPED_FILE), why);
                paused.add(d);
            } catch (IOException e) {
                log(d.getFileName() + ": cannot pause: " + e);
            }
        }
        stop(paused);
        for (Path d : paused) {
            try {
                Files.deleteIfExists(d.resolve(NodeServer.PORT_FILE));
                Files.deleteIfExists(d.resolve(NodeServer.PID_FILE));
            } catch (IOException e) {
                log(d.getFileName() + ": " + e);
            }
        }
        if (!paused.isEmpty()) {
            log("paused " + paused.stream().map(p -> p.getFileName().toString()).toList() + ": " + why);
        }
    }

    /** Stops these nodes: ports closed, connections cut, leftovers killed, anchors ended. */
    private void stop(List<Path> dirs) {
        long t0 = System.nanoTime();
        List<Served> stopping = new ArrayList<>();
        for (Path d : dirs) {
            Served s = nodes.remove(d);
            if (s != null) {
                stopping.add(s);
            }
        }
        Map<Long, Optional<Instant>> sessions = new java.util.HashMap<>();
        for (Served s : stopping) {
            sessions.putAll(s.node().sessions());
            host.remove(s.node());
            s.anchor().destroyForcibly();
        }
        long t1 = System.nanoTime();
        NodeProcesses.killSessions(sessions);
        long t2 = System.nanoTime();
        for (Served s : stopping) {
            try {
                s.anchor().onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                log(s.node().dir.getFileName() + ": its process " + s.anchor().pid() + " did not end within 5s");
            }
        }
        if (!stopping.isEmpty()) {
            log("stopped " + stopping.size() + " nodes in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms (ports "
                    + TimeUnit.NANOSECONDS.toMillis(t1 - t0) + " ms, leftovers " + TimeUnit.NANOSECONDS.toMillis(t2 - t1) + " ms)");
        }
    }

    /** Every 5 s: a node whose folder was deleted or taken over can never be found again, so it is stopped; an idle daemon leaves. */
    private void watch() {
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(daemonThreads("daemon-watch"));
        String me = Long.toString(ProcessHandle.current().pid());
        watch.scheduleWithFixedDelay(() -> {
            if (!NodeProcesses.pid(dir.resolve(NodeServer.PID_FILE)).map(p -> p.toString().equals(me)).orElse(false)) {
                log("the cluster folder no longer names this daemon; exiting");
                System.exit(0);
            }
            List<Path> lost = new ArrayList<>();
            for (Map.Entry<Path, Served> e : nodes.entrySet()) {
                Optional<Long> pid = NodeProcesses.pid(e.getKey().resolve(NodeServer.PID_FILE));
                if (pid.isEmpty() || pid.get() != e.getValue().anchor().pid()) {
                    lost.add(e.getKey());
                }
            }
            if (!lost.isEmpty()) {
                log("folders gone or taken over, stopping " + lost);
                stop(lost);
            }
            if (nodes.isEmpty() && clients.get() == 0 && System.nanoTime() - startedAt > TimeUnit.SECONDS.toNanos(IDLE_EXIT_SECONDS)) {
                log("no node for " + IDLE_EXIT_SECONDS + "s; exiting");
                System.exit(0);
            }
            exitIfIdle();
        }, 5, 5, TimeUnit.SECONDS);
    }

    /**
     * Autostop, decided here, by the node's side, not by the CLI: every second, a node whose
     * folder has an {@link #AUTOSTOP_FILE} and that has had no SSH connection (so no running
     * command: they run inside one) for its idle time stops itself, as {@code spotplay stop}
     * would (marker {@code autostopped: ...}), or, for {@code terminate}, goes: its port and
     * anchor end and its folder is emptied but for a {@link #GONE_FILE} that says why.
     */
    private void autostop() {
        ScheduledExecutorService tick = Executors.newSingleThreadScheduledExecutor(daemonThreads("autostop"));
        tick.scheduleWithFixedDelay(() -> {
            try {
                long now = System.nanoTime();
                for (Map.Entry<Path, Served> e : nodes.entrySet()) {
                    Served s = e.getValue();
                    if (host.connections(s.node()) > 0) {
                        s.lastBusy = now;
                        continue;
                    }
                    Optional<String[]> setting = autostopSetting(e.getKey());
                    if (setting.isEmpty()) {
                        continue;
                    }
                    long idleMs = Long.parseLong(setting.get()[0]);
                    if (TimeUnit.NANOSECONDS.toMillis(now - s.lastBusy) < idleMs) {
                        continue;
                    }
                    String why = "autostopped: idle for " + dev.spotplay.diag.Durations.format(java.time.Duration.ofMillis(idleMs))
                            + " (no SSH session, no running command)";
                    if (setting.get()[1].equals("terminate")) {
                        terminateItself(e.getKey(), why);
                    } else {
                        pause(List.of(e.getKey()), why);
                    }
                }
                exitIfIdle();
            } catch (RuntimeException e) {
                log("autostop: " + e);
            }
        }, AUTOSTOP_TICK_MS, AUTOSTOP_TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** The node's autostop setting, {@code [idleMillis, action]}, if its folder has one that reads. */
    private static Optional<String[]> autostopSetting(Path nodeDir) {
        Path file = nodeDir.resolve(AUTOSTOP_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String[] parts = Files.readString(file).strip().split(" ");
            return parts.length == 2 && parts[0].matches("\\d{1,12}") ? Optional.of(parts) : Optional.empty();
        } catch (IOException halfWritten) {
            return Optional.empty();
        }
    }

    /** Autostop's terminate: the node is stopped and its folder emptied, but for the marker that says why it is gone. */
    private void terminateItself(Path nodeDir, String why) {
        try {
            NodeServer.writeAtomically(nodeDir.resolve(GONE_FILE), why);
        } catch (IOException e) {
            log(nodeDir.getFileName() + ": cannot mark it gone: " + e);
            return;
        }
        stop(List.of(nodeDir));
        try (java.util.stream.Stream<Path> entries = Files.list(nodeDir)) {
            for (Path p : entries.toList()) {
                if (!p.getFileName().toString().equals(GONE_FILE)) {
                    LocalProvider.deleteRecursively(p);
                }
            }
        } catch (IOException e) {
            log(nodeDir.getFileName() + ": " + e);
        }
        log(nodeDir.getFileName() + ": " + why + "; terminated");
    }

    /** The last node gone and no client connected: nothing can need this daemon any more. */
    private synchronized void exitIfIdle() {
        if (!exiting && hadNodes && nodes.isEmpty() && clients.get() == 0) {
            log("no node left; exiting");
            System.exit(0);
        }
    }

    /** On exit (the last node gone, or SIGTERM): no new client, every node stopped, the control file removed. */
    private void shutDown() {
        exiting = true;
        try {
            control.close();
        } catch (IOException ignored) {
            // Closing only stops new clients.
        }
        try {
            String mine = Long.toString(ProcessHandle.current().pid());
            if (NodeProcesses.pid(dir.resolve(NodeServer.PID_FILE)).map(p -> p.toString().equals(mine)).orElse(false)) {
                Files.deleteIfExists(dir.resolve(CONTROL_FILE));
            }
        } catch (IOException ignored) {
            // The folder may be gone already.
        }
        stop(List.copyOf(nodes.keySet()));
        try {
            host.close();
        } catch (IOException | RuntimeException e) {
            log("error while stopping: " + e);
        }
        log("stopped");
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private void log(String message) {
        log.println(Instant.now() + " " + message);
    }
}
