package dev.spotplay.provider.local;

import dev.spotplay.transport.ssh.KeyPairs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * One local node: an SSH server on loopback that runs commands as the current user in
 * {@code <nodeDir>/home}. Run as its own small JVM by the local provider ({@link #main}), or
 * in-process by tests ({@link #start}).
 *
 * <p>Files in the node folder: {@code pid} then {@code port} (written atomically once the
 * server listens, so a port file means "ready"), {@code node.log}, the host key, {@code home/}.
 */
public final class NodeServer {

    static final String PORT_FILE = "port";
    static final String PID_FILE = "pid";
    static final String LOG_FILE = "node.log";
    static final String HOME = "home";

    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Pumps command streams; shared by every command of every node in this JVM, and reused. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "node-io-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private NodeServer() {}

    /** A running node server. */
    public static final class Handle implements AutoCloseable {
        private final SshServer server;
        private final Path nodeDir;
        private final PrintStream log;

        private Handle(SshServer server, Path nodeDir, PrintStream log) {
            this.server = server;
            this.nodeDir = nodeDir;
            this.log = log;
        }

        public int port() {
            return server.getPort();
        }

        /** Stops listening, kills running commands (their channels close) and removes the port file. */
        @Override
        public void close() {
            try {
                server.stop(true);
            } catch (IOException | RuntimeException e) {
                log(log, "error while stopping: " + e);
            }
            try {
                Files.deleteIfExists(nodeDir.resolve(PORT_FILE));
            } catch (IOException ignored) {
                // The folder may already be gone (terminate deletes it).
            }
            log(log, "stopped");
            log.close();
        }
    }

    /** Starts a node serving {@code nodeDir}, accepting the keys in {@code authorizedKeys}; writes the pid and port files. */
    public static Handle start(Path nodeDir, Path authorizedKeys) throws IOException {
        return start(nodeDir, authorizedKeys, 0);
    }

    /** As {@link #start(Path, Path)}, on a given port (0: any free one); tests use it to stand in for a server that comes up late. */
    public static Handle start(Path nodeDir, Path authorizedKeys, int port) throws IOException {
        Path dir = nodeDir.toAbsolutePath();
        Files.createDirectories(dir.resolve(HOME));
        PrintStream log = new PrintStream(Files.newOutputStream(dir.resolve(LOG_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true, StandardCharsets.UTF_8);
        try {
            SshServer sshd = SshServer.setUpDefaultServer();
            sshd.setHost("127.0.0.1");
            sshd.setPort(port);
            sshd.setKeyPairProvider(hostKey(dir));
            sshd.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorizedKeys.toAbsolutePath()));
            sshd.setPasswordAuthenticator(null);
            sshd.setKeyboardInteractiveAuthenticator(null);
            sshd.setGSSAuthenticator(null);
            sshd.setHostBasedAuthenticator(null);
            sshd.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
            Path home = dir.resolve(HOME);
            sshd.setCommandFactory((channel, command) -> new ProcessCommand(command, home, POOL));
            sshd.setShellFactory(channel -> new ProcessCommand(null, home, POOL));
            // A node serves one client at a time at most; two I/O threads keep its footprint small.
            CoreModuleProperties.NIO_WORKERS.set(sshd, 2);
            // Without it every exec's small reply waits on Nagle and delayed ACKs (~40 ms).
            CoreModuleProperties.TCP_NODELAY.set(sshd, true);
            sshd.start();
            writeAtomically(dir.resolve(PID_FILE), Long.toString(ProcessHandle.current().pid()));
            writeAtomically(dir.resolve(PORT_FILE), Integer.toString(sshd.getPort()));
            log(log, "listening on 127.0.0.1:" + sshd.getPort() + ", pid " + ProcessHandle.current().pid());
            return new Handle(sshd, dir, log);
        } catch (IOException | RuntimeException e) {
            log(log, "cannot start: " + e);
            log.close();
            throw e;
        }
    }

    /** {@code NodeServer NODE_DIR AUTHORIZED_KEYS}: serves until SIGTERM, or until the node folder no longer names this process. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: NodeServer NODE_DIR AUTHORIZED_KEYS");
            System.exit(2);
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        Path dir = Path.of(args[0]).toAbsolutePath();
        Handle handle = start(dir, Path.of(args[1]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            handle.close();
            stopped.countDown();
        }, "node-shutdown"));
        watchForRemoval(dir);
        stopped.await();
    }

    /** A node whose folder was deleted or taken over (wiped and relaunched) can never be found again: it ends itself rather than leak. */
    private static void watchForRemoval(Path dir) {
        String me = Long.toString(ProcessHandle.current().pid());
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-watch");
            t.setDaemon(true);
            return t;
        });
        watch.scheduleWithFixedDelay(() -> {
            try {
                if (!me.equals(Files.readString(dir.resolve(PID_FILE)).strip())) {
                    System.exit(0);
                }
            } catch (IOException gone) {
                System.exit(0);
            }
        }, 5, 5, TimeUnit.SECONDS);
    }

    /** ed25519 (through BouncyCastle) where MINA can use it, else EC P-256; made once, kept in the node folder. */
    private static KeyPairProvider hostKey(Path dir) throws IOException {
        if (SecurityUtils.isEDDSACurveSupported()) {
            return new FileKeyPairProvider(KeyPairs.ensureEd25519(dir.resolve("ssh_host_ed25519_key"), "spotplay-node"));
        }
        SimpleGeneratorHostKeyProvider ec = new SimpleGeneratorHostKeyProvider(dir.resolve("ssh_host_ecdsa_key"));
        ec.setAlgorithm("EC");
        ec.setKeySize(256);
        return ec;
    }

    static void writeAtomically(Path file, String content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, content + "\n");
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void log(PrintStream log, String message) {
        log.println(Instant.now() + " " + message);
    }
}
