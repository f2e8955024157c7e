package dev.spotplay.provider.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds a local node's process (its anchor, see {@link ClusterDaemon}) from its folder, the
 * cluster's daemon from the cluster folder, and the processes a node's commands left behind.
 * A pid alone is not proof: pids are reused, so a process counts only if its arguments name
 * the folder it serves.
 */
final class NodeProcesses {

    /** The name ({@code $0}) every node's anchor process carries, so {@code ps} shows what it is. */
    static final String ANCHOR = "spotplay-node";

    private NodeProcesses() {}

    /**
     * The live anchor of the node in {@code nodeDir}: the one its pid file names, else (a CLI
     * killed right after the daemon started it never saw the pid file written) any anchor
     * whose arguments name the folder. Missing one would start a second node under the same name.
     */
    static Optional<ProcessHandle> find(Path nodeDir) {
        Optional<ProcessHandle> byPid = pid(nodeDir.resolve(NodeServer.PID_FILE)).flatMap(ProcessHandle::of).filter(h -> serves(h, nodeDir));
        if (byPid.isPresent()) {
            return byPid;
        }
        return scan(ANCHOR, nodeDir);
    }

    /** The live daemon serving the cluster in {@code workDir}. */
    static Optional<ProcessHandle> daemon(Path workDir) {
        Optional<ProcessHandle> byPid = pid(workDir.resolve(ClusterDaemon.DIR).resolve(NodeServer.PID_FILE)).flatMap(ProcessHandle::of)
                .filter(h -> serves(h, workDir));
        return byPid.isPresent() ? byPid : scan(ClusterDaemon.class.getName(), workDir);
    }

    private static Optional<ProcessHandle> scan(String marker, Path dir) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                    .filter(h -> serves(h, dir)).findFirst();
        }
    }

    static Optional<Long> pid(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (IOException | NumberFormatException missingOrHalfWritten) {
            return Optional.empty();
        }
    }

    /** True if {@code process} is alive and was started to serve {@code dir} (its last argument is that folder). */
    static boolean serves(ProcessHandle process, Path dir) {
        if (!process.isAlive()) {
            return false;
        }
        String abs = dir.toAbsolutePath().toString();
        ProcessHandle.Info info = process.info();
        if (info.arguments().isPresent()) {
            String[] args = info.arguments().get();
            return args.length > 0 && args[args.length - 1].equals(abs);
        }
        return info.commandLine().map(c -> c.endsWith(" " + abs)).orElse(false);
    }

    /**
     * Kills every process in the given sessions (id, and when its leader started): what a
     * node's commands left running, daemons included. A session whose id now belongs to a
     * different, later process is someone else's (its id was reused) and is left alone.
     * Linux only (/proc); elsewhere nothing is found.
     */
    static void killSessions(Map<Long, Optional<Instant>> sessions) {
        if (sessions.isEmpty()) {
            return;
        }
        List<Long> ours = new ArrayList<>();
        for (Map.Entry<Long, Optional<Instant>> e : sessions.entrySet()) {
            Optional<Instant> leaderNow = ProcessHandle.of(e.getKey()).flatMap(h -> h.info().startInstant());
            if (leaderNow.isEmpty() || e.getValue().isEmpty() || leaderNow.equals(e.getValue())) {
                ours.add(e.getKey());
            }
        }
        Path proc = Path.of("/proc");
        if (ours.isEmpty() || !Files.isDirectory(proc)) {
            return;
        }
        List<ProcessHandle> killed = new ArrayList<>();
        try (Stream<Path> entries = Files.list(proc)) {
            entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                if (ours.contains(session(p))) {
                    ProcessHandle.of(Long.parseLong(p.getFileName().toString())).ifPresent(h -> {
                        h.destroyForcibly();
                        killed.add(h);
                    });
                }
            });
        } catch (IOException e) {
            // /proc vanished under us; nothing more to find.
        }
        // SIGKILL is delivered at once, the process ends a moment later: wait (up to 5 s) so a stopped node has nothing left running.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle h : killed) {
            awaitEnd(h, deadline);
        }
    }

    /**
     * Waits until {@code p} has ended (gone, or a zombie: it runs nothing and holds no port; an
     * orphan's zombie lasts until init reaps it, which some inits do only every second or so)
     * or the {@link System#nanoTime} deadline passes; true if it ended.
     */
    static boolean awaitEnd(ProcessHandle p, long deadline) {
        while (!ended(p)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ended(p);
            }
        }
        return true;
    }

    static boolean ended(ProcessHandle p) {
        if (!p.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException gone) {
            return !p.isAlive();
        }
    }

    /** Field 6 of /proc/PID/stat; fields are counted after the command name, which may hold spaces and parentheses. */
    private static long session(Path procDir) {
        try {
            String stat = Files.readString(procDir.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[3]);
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }
}
