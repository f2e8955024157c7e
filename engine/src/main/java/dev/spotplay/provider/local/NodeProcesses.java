package dev.spotplay.provider.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a local node's process from its folder, and the processes a node left behind. A pid
 * alone is not proof: pids are reused, so a process counts as the node only if its command
 * line names the node folder.
 */
final class NodeProcesses {

    private NodeProcesses() {}

    /**
     * The live node process serving {@code nodeDir}: the one its pid file names, else (a node
     * still starting has not written it yet, and a CLI killed right after starting it never
     * recorded it) any process whose command line names the folder. Missing such a process
     * would start a second node under the same name.
     */
    static Optional<ProcessHandle> find(Path nodeDir) {
        Optional<ProcessHandle> byPid = pid(nodeDir).flatMap(ProcessHandle::of).filter(h -> serves(h, nodeDir));
        if (byPid.isPresent()) {
            return byPid;
        }
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(h -> h.info().commandLine().map(c -> c.contains(NodeServer.class.getName())).orElse(false))
                    .filter(h -> serves(h, nodeDir)).findFirst();
        }
    }

    static Optional<Long> pid(Path nodeDir) {
        try {
            return Optional.of(Long.parseLong(Files.readString(nodeDir.resolve(NodeServer.PID_FILE)).strip()));
        } catch (IOException | NumberFormatException missingOrHalfWritten) {
            return Optional.empty();
        }
    }

    /** True if {@code process} is alive and was started to serve {@code nodeDir} (one of its arguments is that folder). */
    static boolean serves(ProcessHandle process, Path nodeDir) {
        if (!process.isAlive()) {
            return false;
        }
        String dir = nodeDir.toAbsolutePath().toString();
        ProcessHandle.Info info = process.info();
        if (info.arguments().isPresent()) {
            for (String arg : info.arguments().get()) {
                if (arg.equals(dir)) {
                    return true;
                }
            }
            return false;
        }
        return info.commandLine().map(c -> c.contains(" " + dir + " ") || c.endsWith(" " + dir)).orElse(false);
    }

    /**
     * The processes in the session {@code sessionId} leads (a node is started with setsid, so
     * this is everything its commands started, even daemons that left their parent). Linux
     * only; elsewhere it falls back to the node's descendants.
     */
    static List<ProcessHandle> sessionMembers(long sessionId) {
        List<ProcessHandle> members = new ArrayList<>();
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            ProcessHandle.of(sessionId).ifPresent(h -> h.descendants().forEach(members::add));
            return members;
        }
        try (Stream<Path> entries = Files.list(proc)) {
            entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                long pid = Long.parseLong(p.getFileName().toString());
                if (pid != sessionId && session(p) == sessionId) {
                    ProcessHandle.of(pid).ifPresent(members::add);
                }
            });
        } catch (IOException e) {
            // /proc vanished under us; nothing more to find.
        }
        return members;
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
