package dev.spotplay.testing;

import dev.spotplay.provider.local.NodeServer;
import dev.spotplay.transport.Endpoint;
import dev.spotplay.transport.ssh.KeyPairs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A local node's SSH server started in-process ({@link NodeServer#start}), with a client key
 * of its own in a temporary folder. Close it to stop the server.
 */
public final class MinaNode implements AutoCloseable {

    private final Path dir;
    private final Path key;
    private final NodeServer.Handle handle;

    private MinaNode(Path dir, Path key, NodeServer.Handle handle) {
        this.dir = dir;
        this.key = key;
        this.handle = handle;
    }

    public static MinaNode start() throws IOException {
        return start(0);
    }

    /** On {@code port}, or any free port for 0. */
    public static MinaNode start(int port) throws IOException {
        Path dir = Files.createTempDirectory("spotplay-mina-");
        return startWithKey(KeyPairs.ensureEd25519(dir.resolve("client/id_ed25519"), "test-client"), port, dir);
    }

    /** A node (with a host key of its own) that accepts an existing client key, on {@code port} or any free port for 0. */
    public static MinaNode startWithKey(Path clientKey, int port) throws IOException {
        return startWithKey(clientKey, port, Files.createTempDirectory("spotplay-mina-"));
    }

    private static MinaNode startWithKey(Path clientKey, int port, Path dir) throws IOException {
        Tier.requireIntegration("a MINA SSH server");
        return new MinaNode(dir, clientKey, NodeServer.start(dir.resolve("node"), KeyPairs.publicKeyFile(clientKey), port));
    }

    public int port() {
        return handle.port();
    }

    public Path key() {
        return key;
    }

    /** The node's working folder, where commands start. */
    public Path home() {
        return dir.resolve("node/home");
    }

    public Endpoint endpoint(String nodeName, Duration connectTimeout) {
        return new Endpoint(nodeName, "127.0.0.1", port(), System.getProperty("user.name"), key, connectTimeout);
    }

    public Endpoint endpoint() {
        return endpoint("mina", Duration.ofSeconds(5));
    }

    /** Ends every connection to the node (a network fault); it goes on listening. */
    public void dropConnections() {
        handle.dropConnections();
    }

    @Override
    public void close() {
        handle.close();
        TempTrees.delete(dir);
    }
}
