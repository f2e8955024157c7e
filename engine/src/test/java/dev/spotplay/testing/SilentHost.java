package dev.spotplay.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A host that accepts TCP connections on a loopback address and then never sends an SSH banner:
 * a hung sshd, a firewall that accepts and drops, a port forwarder whose far end is gone. With
 * {@link #trickling} it sends a line that is not a banner at every interval instead (RFC 4253
 * allows such lines before the banner, and a client may wait for the banner forever). It reads
 * nothing and holds every connection open until closed.
 */
public final class SilentHost implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private SilentHost(ServerSocket server, Duration every) {
        this.server = server;
        this.acceptor = new Thread(() -> serve(every), "silent-host-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code address:port} (port 0: any free one) and never writes. */
    public static SilentHost start(String address, int port) throws IOException {
        return new SilentHost(bind(address, port), null);
    }

    /** Listens on {@code address:port} and writes a non-banner line to each connection every {@code every}. */
    public static SilentHost trickling(String address, int port, Duration every) throws IOException {
        return new SilentHost(bind(address, port), every);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many connections it has accepted so far. */
    public int accepted() {
        return accepted.size();
    }

    private static ServerSocket bind(String address, int port) throws IOException {
        Tier.requireIntegration("a listening socket");
        if (!address.startsWith("127.")) {
            throw new IllegalArgumentException("tests listen on loopback only, not " + address);
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new java.net.InetSocketAddress(InetAddress.getByName(address), port), 50);
        return s;
    }

    private void serve(Duration every) {
        try {
            while (!server.isClosed()) {
                Socket s = server.accept();
                accepted.add(s);
                if (every != null) {
                    Thread t = new Thread(() -> trickle(s, every), "silent-host-trickle");
                    t.setDaemon(true);
                    t.start();
                }
            }
        } catch (IOException closed) {
            // close() ends the loop.
        }
    }

    private static void trickle(Socket s, Duration every) {
        try {
            OutputStream out = s.getOutputStream();
            while (!s.isClosed()) {
                out.write("please wait\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(every.toMillis());
            }
        } catch (IOException | InterruptedException gone) {
            // The client hung up, or the host was closed.
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing is best effort.
        }
        for (Socket s : accepted) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Already gone.
            }
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
