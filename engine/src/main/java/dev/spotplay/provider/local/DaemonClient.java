package dev.spotplay.provider.local;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The CLI's side of a cluster's {@link ClusterDaemon}: finds it (or starts it, detached in a
 * session of its own) and talks to it over its loopback control socket. Every wait has the
 * caller's deadline.
 */
final class DaemonClient implements AutoCloseable {

    /** One JVM serves every node of the cluster: a heap for a few hundred nodes and the connections of a parallel setup. */
    static final List<String> JVM_FLAGS = List.of("-Xmx256m", "-Xms16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xss512k", "-XX:-UsePerfData", "-XX:ReservedCodeCacheSize=32m", "-XX:MaxMetaspaceSize=96m");
    private static final long POLL_MS = 20;

    private final Socket socket;
    private final BufferedReader in;
    private final Writer out;
    private final long deadline;

    private DaemonClient(Socket socket, long deadline) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
        this.deadline = deadline;
    }

    /**
     * A connection to the daemon of the cluster in {@code workDir}, started first if none runs
     * and {@code start} is set (else empty when none runs). {@code deadline} is a
     * {@link System#nanoTime} value.
     */
    static Optional<DaemonClient> open(Path workDir, long deadline, boolean start) throws IOException {
        Path dir = workDir.resolve(ClusterDaemon.DIR);
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (FileChannel lockFile = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.lock()) {
            IOException last = null;
            Process spawned = null;
            while (System.nanoTime() < deadline) {
                Optional<ProcessHandle> daemon = NodeProcesses.daemon(workDir);
                if (daemon.isEmpty()) {
                    if (!start) {
                        return Optional.empty();
                    }
                    if (spawned != null && (spawned.isAlive() || spawned.exitValue() == 0)) {
                        // Just forked: until it has exec'd java (and written its pid file) no scan can tell it is the
                        // daemon (and a setsid that forked has exited 0, its child on its way). Until the deadline.
                        pause();
                        continue;
                    }
                    if (spawned != null) {
                        throw new IOException("the local cluster daemon exited right after starting; see " + dir.resolve(ClusterDaemon.LOG_FILE)
                                + (last == null ? "" : " (" + last.getMessage() + ")"));
                    }
                    spawned = spawn(workDir);
                    continue;
                }
                Optional<String[]> control = control(dir, daemon.get());
                if (control.isPresent()) {
                    try {
                        return Optional.of(connect(control.get(), deadline));
                    } catch (IOException refusedOrClosing) {
                        last = refusedOrClosing;   // it is exiting (its last node went): wait for it to go, then start another
                    }
                }
                pause();
            }
            throw new IOException("the local cluster daemon did not answer in time; see " + dir.resolve(ClusterDaemon.LOG_FILE)
                    + (last == null ? "" : " (" + last.getMessage() + ")"));
        }
    }

    /** The port and token in the control file, once the daemon wrote it (and only if it names this daemon's run: written after its pid file). */
    private static Optional<String[]> control(Path dir, ProcessHandle daemon) {
        try {
            String[] parts = Files.readString(dir.resolve(ClusterDaemon.CONTROL_FILE)).strip().split(" ");
            Optional<Long> pid = NodeProcesses.pid(dir.resolve(NodeServer.PID_FILE));
            return parts.length == 2 && pid.isPresent() && pid.get() == daemon.pid() ? Optional.of(parts) : Optional.empty();
        } catch (IOException notYet) {
            return Optional.empty();
        }
    }

    private static DaemonClient connect(String[] control, long deadline) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(control[0])), remainingMs(deadline));
            s.setTcpNoDelay(true);
            DaemonClient c = new DaemonClient(s, deadline);
            c.send(control[1]);
            return c;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /** Starts the daemon in a session of its own: the CLI's exit, its terminal closing or a Ctrl-C leave it running. */
    private static Process spawn(Path workDir) throws IOException {
        Path dir = workDir.resolve(ClusterDaemon.DIR);
        Files.deleteIfExists(dir.resolve(ClusterDaemon.CONTROL_FILE));
        List<String> command = new ArrayList<>();
        LocalProvider.setsid().ifPresent(command::add);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add(ClusterDaemon.class.getName());
        command.add(workDir.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        // The class path goes by environment: on the command line a long one would push the
        // cluster folder past what /proc shows of it, and the daemon could no longer be recognised.
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        return builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(ClusterDaemon.LOG_FILE).toFile()))
                .redirectErrorStream(true)
                .start();
    }

    void send(String line) throws IOException {
        out.write(line + "\n");
    }

    void flush() throws IOException {
        out.flush();
    }

    /** The daemon's next reply line; an IOException at the deadline or if the daemon went away. */
    String receive() throws IOException {
        out.flush();
        int ms = remainingMs(deadline);
        if (ms <= 0) {
            throw new SocketTimeoutException("no answer from the local cluster daemon in time");
        }
        socket.setSoTimeout(ms);
        String line = in.readLine();
        if (line == null) {
            throw new IOException("the local cluster daemon closed the connection");
        }
        return line;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static int remainingMs(long deadline) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the local cluster daemon");
        }
    }
}
