package dev.spotplay.provider.local;

import dev.spotplay.transport.ssh.KeyPairs;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * One MINA SSH server hosting many local nodes, each on a port of its own on 127.0.0.1 with its
 * own host key and home folder; a connection is served as the node whose port it came in on.
 * Commands run as the current user in that node's home (in a session of their own where
 * {@code setsid} exists, so a stopped node leaves nothing running), and each node speaks SFTP
 * with relative paths taken from its home, as OpenSSH's sftp-server does. Legacy SCP
 * ({@code scp -O}) needs nothing here: as with OpenSSH, the client runs {@code scp -t} through
 * the node's shell.
 */
final class NodeHost implements AutoCloseable {

    /** One hosted node. */
    static final class Node {
        final Path dir;
        final Path home;
        final int port;
        private final KeyPairProvider hostKey;
        /** Sessions of the commands this node started (id, and when its leader started): what still runs in them is this node's. */
        private final Map<Long, Optional<Instant>> sessions = new ConcurrentHashMap<>();

        private Node(Path dir, int port, KeyPairProvider hostKey) {
            this.dir = dir;
            this.home = dir.resolve(NodeServer.HOME);
            this.port = port;
            this.hostKey = hostKey;
        }

        Map<Long, Optional<Instant>> sessions() {
            return Map.copyOf(sessions);
        }

        private void started(long pid) {
            sessions.put(pid, ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()));
        }
    }

    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Pumps command streams; shared by every command of every node in this JVM, and reused. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "node-io-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /** MINA's server, with its acceptor reachable: one acceptor binds every node's port. */
    private static final class Server extends SshServer {
        IoAcceptor acceptor() {
            return acceptor;
        }
    }

    private final Server sshd;
    private final Map<Integer, Node> byPort = new ConcurrentHashMap<>();
    private final Optional<String> setsid;

    private NodeHost(Server sshd, Optional<String> setsid) {
        this.sshd = sshd;
        this.setsid = setsid;
    }

    /** A started server with no node yet (the first {@link #add} binds the first port). */
    static NodeHost start(Path authorizedKeys, int ioThreads) throws IOException {
        Server sshd = (Server) ServerBuilder.builder().factory(Server::new).build();
        NodeHost host = new NodeHost(sshd, LocalProvider.setsid());
        sshd.setHost(LocalProvider.LOOPBACK);
        sshd.setPort(0);
        sshd.setKeyPairProvider(host.new HostKeys());
        sshd.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorizedKeys.toAbsolutePath()));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setGSSAuthenticator(null);
        sshd.setHostBasedAuthenticator(null);
        sshd.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        sshd.setCommandFactory((channel, command) -> host.command(channel, command));
        sshd.setShellFactory(channel -> host.command(channel, null));
        sshd.setSubsystemFactories(List.of(host.new Sftp()));
        CoreModuleProperties.NIO_WORKERS.set(sshd, ioThreads);
        // Without it every exec's small reply waits on Nagle and delayed ACKs (~40 ms).
        CoreModuleProperties.TCP_NODELAY.set(sshd, true);
        sshd.start();
        // start() bound one port before any node existed; nodes get ports of their own.
        sshd.acceptor().unbind();
        return host;
    }

    /** Starts serving the node in {@code dir} on {@code port} (0: any free one): makes its home and host key, binds its port. */
    Node add(Path dir, int port) throws IOException {
        Path abs = dir.toAbsolutePath();
        java.nio.file.Files.createDirectories(abs.resolve(NodeServer.HOME));
        KeyPairProvider key = hostKey(abs);
        int bound = bind(port);
        Node node = new Node(abs, bound, key);
        byPort.put(bound, node);
        return node;
    }

    /** Binds one more loopback port and tells which: the acceptor's bound set before and after, one bind at a time. */
    private synchronized int bind(int port) throws IOException {
        Set<SocketAddress> before = new HashSet<>(sshd.acceptor().getBoundAddresses());
        sshd.acceptor().bind(new InetSocketAddress(LocalProvider.LOOPBACK, port));
        for (SocketAddress a : sshd.acceptor().getBoundAddresses()) {
            if (!before.contains(a) && a instanceof InetSocketAddress inet) {
                return inet.getPort();
            }
        }
        throw new IOException("bound 127.0.0.1:" + port + " but the acceptor does not list it");
    }

    /**
     * Stops serving {@code node}: its port closes, its connections drop (their commands are
     * killed). What its commands left running is for the caller to kill
     * ({@link NodeProcesses#killSessions} of {@link Node#sessions}, one scan for many nodes).
     */
    void remove(Node node) {
        byPort.remove(node.port);
        synchronized (this) {
            sshd.acceptor().unbind(new InetSocketAddress(LocalProvider.LOOPBACK, node.port));
        }
        drop(node);
    }

    /** Ends {@code node}'s SSH connections (their commands are killed) and goes on listening: a network that dropped them. */
    void drop(Node node) {
        for (AbstractSession s : sshd.getActiveSessions()) {
            if (localPort(s) == node.port) {
                s.close(true);
            }
        }
    }

    /** The SSH connections open to {@code node} now (its commands run inside them): none means idle. */
    int connections(Node node) {
        int n = 0;
        for (AbstractSession s : sshd.getActiveSessions()) {
            if (localPort(s) == node.port && s.isOpen()) {
                n++;
            }
        }
        return n;
    }

    int nodes() {
        return byPort.size();
    }

    @Override
    public void close() throws IOException {
        Map<Long, Optional<Instant>> sessions = new java.util.HashMap<>();
        for (Node n : List.copyOf(byPort.values())) {
            sessions.putAll(n.sessions());
            remove(n);
        }
        sshd.stop(true);
        NodeProcesses.killSessions(sessions);
    }

    private Command command(ChannelSession channel, String command) throws IOException {
        Node node = nodeOf(channel.getSession());
        return new ProcessCommand(command, node.home, POOL, setsid, node::started);
    }

    private Node nodeOf(Session session) throws IOException {
        Node node = byPort.get(localPort(session));
        if (node == null) {
            throw new IOException("no node serves port " + localPort(session) + " any more");
        }
        return node;
    }

    private static int localPort(Session session) {
        return session.getIoSession().getLocalAddress() instanceof InetSocketAddress a ? a.getPort() : -1;
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

    /** Each connection gets the host key of the node whose port it reached. */
    private final class HostKeys implements KeyPairProvider {
        @Override
        public Iterable<KeyPair> loadKeys(SessionContext session) throws IOException, GeneralSecurityException {
            if (!(session instanceof Session s)) {
                return List.of();   // asked outside a connection (a configuration check): no node to answer for
            }
            return nodeOf(s).hostKey.loadKeys(session);
        }
    }

    /** MINA's SFTP server on the real file system, relative paths (and the login folder) in the node's home. */
    private final class Sftp extends SftpSubsystemFactory {
        @Override
        public Command createSubsystem(ChannelSession channel) throws IOException {
            Path home = nodeOf(channel.getSession()).home;
            return new SftpSubsystem(channel, this) {
                @Override
                public Path getDefaultDirectory() {
                    return home;
                }
            };
        }
    }
}
