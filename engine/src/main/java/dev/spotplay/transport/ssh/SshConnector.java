package dev.spotplay.transport.ssh;

import dev.spotplay.diag.Durations;
import dev.spotplay.transport.Connection;
import dev.spotplay.transport.Connector;
import dev.spotplay.transport.Endpoint;
import dev.spotplay.transport.HostKeyMismatchException;
import dev.spotplay.transport.HostKeyPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.SocketFactory;
import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * Opens SSH connections with sshj. A node that is still booting refuses or drops connections
 * (and a busy sshd drops new ones beyond {@code MaxStartups}), so every such failure is retried
 * with exponential backoff and jitter until the deadline. What retrying cannot fix fails at
 * once: a host key the policy refuses, a key file that cannot be used, and (after a couple of
 * tries, to ride out cloud-init still writing authorized_keys) a refused login.
 *
 * <p>Thread-safe; one connector serves every connection of a run.
 */
public final class SshConnector implements Connector {

    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 2_000;
    private static final int AUTH_ATTEMPTS = 3;
    /** Once logged in, a channel open or close may wait this long for a busy server. */
    private static final int SESSION_TIMEOUT_MS = 30_000;
    private static final int KEEPALIVES_UNANSWERED = 3;

    private final DefaultConfig config = Algorithms.config();
    private final PrivateKeys keys = new PrivateKeys(config);
    private final Executor io;

    /**
     * @param io where the connections pump their commands' streams and look names up: the
     *           caller's bounded pool (the transport starts no thread of its own beyond sshj's
     *           reader per connection); it must run three tasks per command that runs at once
     */
    public SshConnector(Executor io) {
        this.io = io;
    }

    @Override
    public Connection connect(Endpoint endpoint, HostKeyPolicy policy, long deadlineMillis) throws IOException {
        return dial(endpoint, policy, deadlineMillis);
    }

    /**
     * Connects as {@link #connect} does. The connection can dial again by itself
     * ({@link SshConnection}: when it was lost before a command was sent), trusting then only the
     * host keys this dial was shown, whatever {@code policy} would have trusted.
     */
    private SshConnection dial(Endpoint endpoint, HostKeyPolicy policy, long deadlineMillis) throws IOException {
        Endpoint via = endpoint.via();
        try {
            dev.spotplay.diag.LoopbackGuard.check(endpoint.host(), "SSH for " + endpoint.nodeName());
            if (via != null) {
                dev.spotplay.diag.LoopbackGuard.check(via.host(), "SSH to the bastion of " + endpoint.nodeName());
            }
        } catch (IllegalStateException refused) {
            throw new IOException(refused.getMessage());
        }
        KeyProvider key = keys.get(endpoint.privateKey());
        KeyProvider viaKey = via == null ? null : keys.get(via.privateKey());
        HostKeyPolicy viaPolicy = via == null ? null : policy.bastion(via);
        long started = System.currentTimeMillis();
        long backoff = FIRST_BACKOFF_MS;
        int attempts = 0;
        int authFailures = 0;
        IOException last = null;
        while (true) {
            attempts++;
            long remaining = deadlineMillis - System.currentTimeMillis();
            Verifier verifier = new Verifier(endpoint, policy);
            Verifier viaVerifier = via == null ? null : new Verifier(via, viaPolicy);
            SSHClient client = new SSHClient(config);
            SSHClient jump = via == null ? null : new SSHClient(config);
            Endpoint failing = endpoint;
            try {
                if (jump == null) {
                    open(client, endpoint, key, verifier, remaining);
                } else {
                    failing = via;
                    open(jump, via, viaKey, viaVerifier, remaining);
                    failing = endpoint;
                    tunnel(jump, client, endpoint, key, verifier, remaining);
                }
                HostKeyPolicy shown = new Shown(verifier.offered, viaVerifier == null ? null : viaVerifier.offered);
                return new SshConnection(client, endpoint, io, jump, again -> dial(endpoint, shown, again));
            } catch (IOException e) {
                close(client);
                if (jump != null) {
                    close(jump);
                }
                if (viaVerifier != null && viaVerifier.refusal != null) {
                    throw new HostKeyMismatchException(viaVerifier.refusal);
                }
                if (verifier.refusal != null) {
                    throw new HostKeyMismatchException(verifier.refusal);
                }
                if (e instanceof UserAuthException && ++authFailures >= AUTH_ATTEMPTS) {
                    throw new dev.spotplay.transport.LoginRefusedException("SSH login to " + failing + " refused: the server does not accept key "
                            + failing.privateKey() + " for user " + failing.user() + " (" + e.getMessage() + ")", e);
                }
                // An attempt cut short by the overall deadline mostly says that time ran out; the
                // reason an earlier full attempt failed (refused, reset, no banner) is the news.
                boolean cutShort = remaining < endpoint.connectTimeout().toMillis();
                if (last == null || !cutShort) {
                    last = failing == via && via != null ? new IOException("through the bastion " + via.jumpSpec() + ": " + describe(e), e) : e;
                }
            }
            long sleep = ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1);
            long left = deadlineMillis - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            sleep(Math.min(sleep, left));
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
        long waited = System.currentTimeMillis() - started;
        throw new IOException("cannot connect to " + endpoint + " after " + attempts + " attempt" + (attempts == 1 ? "" : "s")
                + " in " + (waited / 100) / 10.0 + "s: " + describe(last), last);
    }

    /**
     * One attempt, bounded as a whole by {@code min(connect_timeout, what is left)}: the name
     * lookup by a timed wait, the TCP connect by its timeout, and banner, key exchange and
     * login by a {@link SocketAlarm} that closes the socket at the attempt's deadline. The alarm
     * is disarmed once logged in, so later quiet stretches are the keepalives' business.
     */
    private SSHClient open(SSHClient client, Endpoint endpoint, KeyProvider key, Verifier verifier, long remainingMs)
            throws IOException {
        int attemptMs = attemptMs(endpoint, remainingMs);
        long attemptEnd = System.currentTimeMillis() + attemptMs;
        prepare(client, endpoint, verifier, attemptMs);
        InetAddress address = resolve(endpoint.host(), attemptMs);
        Socket socket = new Socket();
        try {
            // The TCP connect has a timeout of its own and says itself why it failed (refused, timed out).
            socket.connect(new InetSocketAddress(address, endpoint.port()), (int) Math.max(1, attemptEnd - System.currentTimeMillis()));
        } catch (IOException e) {
            closeQuietly(socket);
            throw e;
        }
        SocketAlarm alarm = SocketAlarm.arm(socket, attemptEnd - System.currentTimeMillis());
        try {
            // Each exec is a few small packets each way; Nagle plus delayed ACKs would add ~40 ms to every one.
            socket.setTcpNoDelay(true);
            client.setSocketFactory(new Connected(socket));
            client.connect(endpoint.host(), endpoint.port());
            client.authPublickey(endpoint.user(), key);
        } catch (IOException e) {
            boolean fired = !alarm.disarm();
            closeQuietly(socket);
            throw fired ? stalled(client) : e;
        }
        if (!alarm.disarm()) {
            throw stalled(client);
        }
        settled(client);
        return client;
    }

    /**
     * The node's half of an attempt through a bastion {@code jump} already logged in to: a
     * direct-tcpip channel from it to the node, and the node's key exchange and login over that
     * channel. Bounded as a whole by an alarm on the bastion's socket: closing it at the
     * attempt's deadline ends the channel, and with it every wait on the node's side.
     */
    private SSHClient tunnel(SSHClient jump, SSHClient client, Endpoint endpoint, KeyProvider key, Verifier verifier, long remainingMs)
            throws IOException {
        int attemptMs = attemptMs(endpoint, remainingMs);
        long attemptEnd = System.currentTimeMillis() + attemptMs;
        prepare(client, endpoint, verifier, attemptMs);
        Socket bastionSocket = jump.getSocket();
        SocketAlarm alarm = SocketAlarm.arm(bastionSocket, attemptEnd - System.currentTimeMillis());
        try {
            jump.getConnection().setTimeoutMs(attemptMs);
            net.schmizz.sshj.connection.channel.direct.DirectConnection channel;
            try {
                channel = jump.newDirectConnection(endpoint.host(), endpoint.port());
            } catch (net.schmizz.sshj.connection.channel.OpenFailException e) {
                throw new IOException("the bastion " + endpoint.via().jumpSpec() + " would not open a channel to "
                        + endpoint.host() + ":" + endpoint.port() + " (" + e.getMessage() + "); does its sshd allow TCP forwarding to it "
                        + "(AllowTcpForwarding, PermitOpen)?", e);
            }
            client.connectVia(channel);
            client.authPublickey(endpoint.user(), key);
        } catch (IOException e) {
            boolean fired = !alarm.disarm();
            throw fired ? stalled(client) : e;
        }
        if (!alarm.disarm()) {
            throw stalled(client);
        }
        settled(jump);
        settled(client);
        return client;
    }

    private static int attemptMs(Endpoint endpoint, long remainingMs) {
        return (int) Math.max(1, Math.min(endpoint.connectTimeout().toMillis(), Math.max(remainingMs, 1)));
    }

    /** The verifier, and sshj's own per-wait bounds (each key exchange and login reply); the alarm bounds their sum. */
    private static void prepare(SSHClient client, Endpoint endpoint, Verifier verifier, int attemptMs) {
        client.addHostKeyVerifier(verifier);
        client.getTransport().setTimeoutMs(attemptMs);
        client.getConnection().setTimeoutMs(attemptMs);
        KeepAlive keepAlive = client.getConnection().getKeepAlive();
        keepAlive.setKeepAliveInterval(keepAliveSeconds(endpoint));
        if (keepAlive instanceof KeepAliveRunner runner) {
            runner.setMaxAliveCount(KEEPALIVES_UNANSWERED);
        }
    }

    /** Logged in: a channel open or close may now wait {@link #SESSION_TIMEOUT_MS} for a busy server. */
    private static void settled(SSHClient client) {
        client.getTransport().setTimeoutMs(SESSION_TIMEOUT_MS);
        client.getConnection().setTimeoutMs(SESSION_TIMEOUT_MS);
    }

    /**
     * What the server had done when its attempt's time ran out: the part of the handshake that
     * hung. The caller says how long it waited in all; the socket error that the alarm caused
     * ("Socket closed") would only hide this.
     */
    private static SocketTimeoutException stalled(SSHClient client) {
        if (!bannerReceived(client)) {
            return new SocketTimeoutException("the server accepted the connection but sent no SSH banner");
        }
        return new SocketTimeoutException("the server (" + client.getTransport().getServerVersion()
                + ") sent its banner but did not finish the key exchange and login");
    }

    private static boolean bannerReceived(SSHClient client) {
        try {
            String version = client.getTransport().getServerVersion();
            return version != null;
        } catch (RuntimeException noneYet) {
            // sshj holds "" until the banner line is complete, and its accessor cannot take that.
            return false;
        }
    }

    /**
     * Keepalives go out every connect_timeout (whole seconds, at least 1); a peer that leaves
     * {@link #KEEPALIVES_UNANSWERED} of them unanswered is lost, and whatever waits on the
     * connection (a read, a channel open or close) fails instead of waiting for ever.
     */
    static int keepAliveSeconds(Endpoint endpoint) {
        return (int) Math.max(1, (endpoint.connectTimeout().toMillis() + 999) / 1000);
    }

    /** Looks a name up within {@code ms}: the JDK's resolver has no timeout of its own. An address literal costs no lookup. */
    private InetAddress resolve(String host, long ms) throws IOException {
        FutureTask<InetAddress> lookup = new FutureTask<>(() -> InetAddress.getByName(host));
        io.execute(lookup);
        try {
            return lookup.get(ms, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new SocketTimeoutException("looking up " + host + " took longer than " + Durations.format(Duration.ofMillis(ms)));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("cannot look up " + host + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while looking up " + host);
        }
    }

    /** Hands sshj the socket this connector already connected, so that sshj neither resolves the name nor connects again. */
    private static final class Connected extends SocketFactory {
        private final Socket socket;

        Connected(Socket socket) {
            this.socket = socket;
        }

        @Override
        public Socket createSocket() {
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            throw unused();
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            throw unused();
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            throw unused();
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            throw unused();
        }

        private static IOException unused() {
            return new IOException("sshj asked for a socket other than the connected one");
        }
    }

    /** A known_hosts-style key: {@code "ssh-ed25519 AAAAC3Nz..."}. */
    public static String knownHostsKey(PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        return KeyType.fromKey(key) + " " + Base64.getEncoder().encodeToString(blob);
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && (message == null || !message.contains(root.getMessage()))) {
            message = (message == null ? "" : message + ": ") + root.getMessage();
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to reconnect", e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closed either way.
        }
    }

    private static void close(SSHClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException ignored) {
            // It never fully opened.
        }
    }

    /**
     * A dial again trusts exactly the keys the first dial was shown (the node's, and its
     * bastion's): a connection that drops after a first login, whose key was trusted on first
     * use, must not let a second login be trusted on first use again.
     */
    private record Shown(String node, String bastion) implements HostKeyPolicy {
        @Override
        public boolean verify(Endpoint endpoint, String key) {
            return key.equals(node);
        }

        @Override
        public HostKeyPolicy bastion(Endpoint via) {
            return (endpoint, key) -> key.equals(bastion);
        }
    }

    /** Hands the server's key to the policy and remembers a refusal, which sshj would otherwise report as a generic transport error. */
    private static final class Verifier implements HostKeyVerifier {
        private final Endpoint endpoint;
        private final HostKeyPolicy policy;
        volatile String refusal;
        /** The key the server showed and the policy trusted. */
        volatile String offered;

        Verifier(Endpoint endpoint, HostKeyPolicy policy) {
            this.endpoint = endpoint;
            this.policy = policy;
        }

        @Override
        public boolean verify(String hostname, int port, PublicKey key) {
            String offered = knownHostsKey(key);
            try {
                if (policy.verify(endpoint, offered)) {
                    this.offered = offered;
                    return true;
                }
                refusal = "host key of " + endpoint + " is not the one trusted for it: the server offered " + offered
                        + ". If the node was replaced, remove it from state; otherwise someone may be intercepting the connection";
            } catch (RuntimeException e) {
                refusal = "host key of " + endpoint + " refused: " + e.getMessage();
            }
            return false;
        }

        @Override
        public List<String> findExistingAlgorithms(String hostname, int port) {
            return List.of();
        }
    }
}
