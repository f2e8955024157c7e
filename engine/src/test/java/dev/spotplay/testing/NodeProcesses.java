package dev.spotplay.testing;

import dev.spotplay.transport.Connection;
import java.time.Duration;

/** The processes on a node whose command line holds a test's marker, as the node's own ps sees them. */
public final class NodeProcesses {
    private static final Duration T = Duration.ofSeconds(20);

    private NodeProcesses() {}

    /**
     * The ids of the live processes whose command line holds {@code marker} (a test's own), or "";
     * zombies are dead already, whenever their new parent gets round to reaping them.
     */
    public static String running(Connection conn, String marker) throws Exception {
        // [s] keeps the shell that runs the search out of what it finds.
        return conn.exec("ps -A -o pid= -o stat= -o args= | awk '$2 !~ /^Z/ && /[s]" + marker.substring(1) + "/ { print $1 }'", T)
                .stdout().strip();
    }

    /** Polls until no process holds {@code marker}, for at most 10 s; returns what is still there. */
    public static String awaitGone(Connection conn, String marker) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String found = running(conn, marker);
        while (!found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            found = running(conn, marker);
        }
        return found;
    }
}
