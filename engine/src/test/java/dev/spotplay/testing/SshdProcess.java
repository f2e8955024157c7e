package dev.spotplay.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real OpenSSH sshd of a test's own, listening on chosen loopback addresses (127.0.0.0/8 only)
 * with a host key and extra settings of the test's choosing: for tests that need several hosts,
 * a host that goes down, a host whose key changes, or a small {@code MaxStartups}. The client
 * key is the shared fixture's ({@link OpenSshServer#key()}) unless the test names others.
 */
public final class SshdProcess implements AutoCloseable {
    private final Path dir;
    private Long pid;
    private boolean frozen;

    private SshdProcess(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts sshd and waits until every address answers.
     *
     * @param dir       a folder of this sshd's own (config, host key, log, pid)
     * @param hostKey   the host key file to serve (made with {@link #hostKey})
     * @param addresses loopback addresses to listen on, all on {@code port}
     * @param extra     more sshd_config lines, e.g. {@code MaxStartups 1:100:1}
     */
    public static SshdProcess start(Path dir, Path hostKey, List<String> addresses, int port, String... extra) throws IOException {
        return start(dir, hostKey, List.of(Path.of(OpenSshServer.get().key() + ".pub")), addresses, port, extra);
    }

    /** As above, authorizing these public keys instead of the fixture's. */
    public static SshdProcess start(Path dir, Path hostKey, List<Path> publicKeys, List<String> addresses, int port, String... extra)
            throws IOException {
        Tier.requireIntegration("OpenSSH sshd");
        for (String a : addresses) {
            if (!a.startsWith("127.")) {
                throw new IllegalArgumentException("tests listen on loopback only, not " + a);
            }
        }
        Files.createDirectories(dir);
        Path authorized = dir.resolve("authorized_keys");
        List<String> keys = new ArrayList<>();
        for (Path pub : publicKeys) {
            keys.add(Files.readString(pub).strip());
        }
        Files.write(authorized, keys);
        List<String> config = new ArrayList<>();
        addresses.forEach(a -> config.add("ListenAddress " + a + ":" + port));
        config.addAll(List.of("HostKey " + hostKey.toAbsolutePath(), "AuthorizedKeysFile " + authorized.toAbsolutePath(),
                "PubkeyAuthentication yes", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password", "StrictModes no", "UsePAM no", "UseDNS no",
                "PidFile " + dir.toAbsolutePath().resolve("sshd.pid"), "SetEnv SHLVL=1", "PrintMotd no", "LogLevel INFO"));
        config.addAll(List.of(extra));
        Path file = dir.resolve("sshd_config");
        Files.write(file, config);
        Files.deleteIfExists(dir.resolve("sshd.pid"));
        Files.createDirectories(Path.of("/run/sshd"));
        Commands.run(List.of("/usr/sbin/sshd", "-f", file.toAbsolutePath().toString(), "-E", log(dir).toString()));
        SshdProcess p = new SshdProcess(dir);
        long deadline = System.currentTimeMillis() + 10_000;
        // sshd listens a moment before it writes its pid file: wait for both.
        Path pidFile = dir.resolve("sshd.pid");
        for (String a : addresses) {
            while (!answers(a, port) || !Files.exists(pidFile)) {
                if (System.currentTimeMillis() > deadline) {
                    p.close();
                    throw new IOException("sshd did not listen on " + a + ":" + port + "; log: " + Files.readString(log(dir)));
                }
                sleep(20);
            }
        }
        p.pid = readPid(pidFile, deadline);
        return p;
    }

    /** The pid file may exist a moment before sshd has written its number into it. */
    private static long readPid(Path pidFile, long deadline) throws IOException {
        while (true) {
            String text = Files.readString(pidFile).strip();
            if (!text.isEmpty()) {
                return Long.parseLong(text);
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("sshd wrote no pid to " + pidFile);
            }
            sleep(20);
        }
    }

    /** Makes an ed25519 host key at {@code file} (once). */
    public static Path hostKey(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Commands.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test-host", "-f", file.toString()));
        }
        return file;
    }

    /** A port that is free on 127.0.0.1 now (and, on loopback, almost surely on the other 127.x addresses). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    public String log() throws IOException {
        return Files.readString(log(dir));
    }

    private static Path log(Path dir) {
        return dir.toAbsolutePath().resolve("sshd.log");
    }

    private static boolean answers(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops (SIGSTOP) the listener and every session it forked, or resumes them (SIGCONT): while
     * stopped, open connections stay up at the TCP level (the kernel still acknowledges) but no
     * SSH packet is answered, as with a host that hangs or a network path that drops everything.
     */
    public void freeze(boolean frozen) throws IOException {
        List<String> kill = new ArrayList<>(List.of("kill", frozen ? "-STOP" : "-CONT", "--"));
        ProcessHandle listener = ProcessHandle.of(pid).orElseThrow(() -> new IOException("sshd " + pid + " is gone"));
        kill.add(Long.toString(listener.pid()));
        listener.descendants().forEach(d -> kill.add(Long.toString(d.pid())));
        Commands.run(kill);
        this.frozen = frozen;
    }

    /** Whether a process under this sshd (a session's command) has {@code text} in its command line. */
    public boolean runs(String text) {
        Long p = pid;
        return p != null && ProcessHandle.of(p).stream().flatMap(ProcessHandle::descendants)
                .anyMatch(d -> d.info().commandLine().orElse("").contains(text));
    }

    /** Kills (SIGKILL) the listener and every session it forked at once, as when the host dies: open connections drop. */
    public void crash() {
        ProcessHandle.of(pid).ifPresent(h -> {
            List<ProcessHandle> all = new ArrayList<>(h.descendants().toList());
            all.add(h);
            all.forEach(ProcessHandle::destroyForcibly);
        });
        pid = null;
    }

    /** Stops sshd (the listener; sessions it forked end with their clients). */
    @Override
    public void close() {
        Long p = pid;
        if (p == null) {
            try {
                p = Long.parseLong(Files.readString(dir.resolve("sshd.pid")).strip());
            } catch (IOException | NumberFormatException e) {
                return;
            }
        }
        ProcessHandle.of(p).ifPresent(h -> {
            if (frozen) {
                h.descendants().forEach(d -> Commands.signal(d.pid(), "CONT"));
                Commands.signal(h.pid(), "CONT");
            }
            h.destroy();
            try {
                h.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
        pid = null;
    }
}
