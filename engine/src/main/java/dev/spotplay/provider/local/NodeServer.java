package dev.spotplay.provider.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * One local node served in-process: a {@link NodeHost} with a single node, for tests and the
 * launcher's warm-up ({@link #start}). The provider's nodes are served by a {@link ClusterDaemon}
 * per cluster instead.
 *
 * <p>Files in a node folder: {@code pid} then {@code port} (written atomically once the
 * node listens, so a port file means "ready"), the host key, {@code home/}.
 */
public final class NodeServer {

    static final String PORT_FILE = "port";
    static final String PID_FILE = "pid";
    static final String HOME = "home";

    private NodeServer() {}

    /** A running node server. */
    public static final class Handle implements AutoCloseable {
        private final NodeHost host;
        private final NodeHost.Node node;

        private Handle(NodeHost host, NodeHost.Node node) {
            this.host = host;
            this.node = node;
        }

        public int port() {
            return node.port;
        }

        /** Ends the node's connections as a network fault would (their commands are killed); it goes on listening. */
        public void dropConnections() {
            host.drop(node);
        }

        /** Stops listening, kills running commands (their channels close) and removes the port file. */
        @Override
        public void close() {
            try {
                host.close();
            } catch (IOException | RuntimeException e) {
                System.err.println("local node " + node.dir + ": error while stopping: " + e);
            }
            try {
                Files.deleteIfExists(node.dir.resolve(PORT_FILE));
            } catch (IOException ignored) {
                // The folder may already be gone.
            }
        }
    }

    /** Starts a node serving {@code nodeDir}, accepting the keys in {@code authorizedKeys}; writes the pid and port files. */
    public static Handle start(Path nodeDir, Path authorizedKeys) throws IOException {
        return start(nodeDir, authorizedKeys, 0);
    }

    /** As {@link #start(Path, Path)}, on a given port (0: any free one); tests use it to stand in for a server that comes up late. */
    public static Handle start(Path nodeDir, Path authorizedKeys, int port) throws IOException {
        NodeHost host = NodeHost.start(authorizedKeys, 2);
        try {
            NodeHost.Node node = host.add(nodeDir, port);
            writeAtomically(node.dir.resolve(PID_FILE), Long.toString(ProcessHandle.current().pid()));
            writeAtomically(node.dir.resolve(PORT_FILE), Integer.toString(node.port));
            return new Handle(host, node);
        } catch (IOException | RuntimeException e) {
            host.close();
            throw e;
        }
    }

    static void writeAtomically(Path file, String content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, content + "\n");
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
