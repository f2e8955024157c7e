package dev.spotplay.modules.testing;

import dev.spotplay.transport.Connection;
import dev.spotplay.transport.ExecResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A fake node for unit tests: commands run with {@code /bin/sh -c} on this machine, in
 * {@code home} (the login folder), with extra environment (e.g. a PATH holding fake
 * {@code apt-get}). Faithful where modules depend on it: stdin is fed and closed, exit codes
 * and both output streams come back, a command past its timeout is killed with its children
 * and reported as an IOException caused by TimeoutException, put is atomic and sets the mode,
 * fetch of a missing file throws NoSuchFileException. Relative remote paths resolve against
 * {@code home}, as SFTP resolves them against the login folder.
 */
public final class LocalShellConnection implements Connection {
    private final Path home;
    private final Map<String, String> env;

    public LocalShellConnection(Path home) {
        this(home, Map.of());
    }

    public LocalShellConnection(Path home, Map<String, String> env) {
        this.home = home;
        this.env = new HashMap<>(env);
    }

    public Path home() {
        return home;
    }

    @Override
    public ExecResult exec(String command, byte[] stdin, Duration timeout) throws IOException {
        dev.spotplay.testing.Tier.requireIntegration("a local /bin/sh process");
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).directory(home.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        // Test-only helper threads: the walker owns concurrency in production code.
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        CompletableFuture<Void> in = CompletableFuture.runAsync(() -> {
            try (OutputStream os = p.getOutputStream()) {
                if (stdin != null) {
                    os.write(stdin);
                }
            } catch (IOException e) {
                // The command exited without reading all of its stdin, as over SSH: not an error.
            }
        });
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException("command timed out after " + timeout, new TimeoutException(command));
            }
            in.get(5, TimeUnit.SECONDS);
            return new ExecResult(p.exitValue(), utf8(out.get(5, TimeUnit.SECONDS)), utf8(err.get(5, TimeUnit.SECONDS)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("reading the command's output failed", e);
        }
    }

    @Override
    public void put(byte[] content, String remotePath, int mode, Duration timeout) throws IOException {
        Path target = home.resolve(remotePath);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".put-", ".tmp");
        Files.write(tmp, content);
        Files.setPosixFilePermissions(tmp, permissions(mode));
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public byte[] fetch(String remotePath, Duration timeout) throws IOException {
        return Files.readAllBytes(home.resolve(remotePath));
    }

    @Override
    public void close() {}

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }

    private static byte[] readAll(InputStream s) {
        try (s) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            s.transferTo(b);
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
