package dev.spotplay.transport.local;

import dev.spotplay.diag.Durations;
import dev.spotplay.transport.Connection;
import dev.spotplay.transport.ExecResult;
import dev.spotplay.transport.OutputTail;
import dev.spotplay.transport.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * This machine as a node: a process per command, {@code bash -c COMMAND} in the user's home (as
 * sshd runs a command through the user's shell in the home folder). put and fetch are the same
 * sh scripts SSH's connection runs, so a relative path, a mode and an atomic write mean the same
 * on every node.
 */
final class LocalConnection implements Connection {
    /** Each of stdout and stderr keeps at most this many bytes, the last ones, as over SSH. */
    static final int OUTPUT_CAP = 1 << 20;
    /** fetch's exit code for "no such file". */
    private static final int MISSING = 66;

    private final String node;
    private final Path home;
    private final Executor io;

    LocalConnection(String node, Path home, Executor io) {
        this.node = node;
        this.home = home;
        this.io = io;
    }

    private record Raw(int exitCode, OutputTail out, OutputTail err) {}

    @Override
    public ExecResult exec(String command, byte[] stdin, Duration timeout) throws IOException {
        Raw raw = run(command, stdin, timeout, OUTPUT_CAP);
        return new ExecResult(raw.exitCode, raw.out.text(), raw.err.text());
    }

    @Override
    public void put(byte[] content, String remotePath, int mode, Duration timeout) throws IOException {
        if (remotePath.endsWith("/")) {
            throw new IOException("cannot put to " + remotePath + " on " + node + ": it names a folder, not a file");
        }
        Raw raw = run(Shell.putScript(remotePath, mode), content, timeout, OUTPUT_CAP);
        if (raw.exitCode != 0) {
            throw new IOException("cannot write " + remotePath + " on " + node + ": " + firstLine(raw));
        }
    }

    @Override
    public byte[] fetch(String remotePath, Duration timeout) throws IOException {
        String p = Shell.quote(remotePath);
        Raw raw = run("if [ ! -e " + p + " ]; then echo 'no such file' >&2; exit " + MISSING + "; fi; exec cat -- " + p, null, timeout,
                Integer.MAX_VALUE);
        if (raw.exitCode == MISSING) {
            throw new NoSuchFileException(remotePath, null, "on " + node);
        }
        if (raw.exitCode != 0) {
            throw new IOException("cannot read " + remotePath + " on " + node + ": " + firstLine(raw));
        }
        return raw.out.bytes();
    }

    /** Nothing stays open between commands. */
    @Override
    public void close() {}

    private Raw run(String command, byte[] stdin, Duration timeout, int stdoutCap) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // An argument array: the command is bash's script, never a word of a command line.
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(home.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run bash on " + node + " (this machine): " + e.getMessage(), e);
        }
        Future<OutputTail> out = submit(p, () -> drain(p.getInputStream(), new OutputTail(stdoutCap)));
        Future<OutputTail> err = submit(p, () -> drain(p.getErrorStream(), new OutputTail(OUTPUT_CAP)));
        Future<?> in = submit(p, () -> {
            feed(p.getOutputStream(), stdin);
            return null;
        });
        try {
            // As over SSH, the command has ended when its output has closed too (a background
            // process that keeps it open keeps the command running), and then it has an exit code.
            OutputTail o = out.get(remaining(deadline), TimeUnit.NANOSECONDS);
            OutputTail e = err.get(remaining(deadline), TimeUnit.NANOSECONDS);
            if (!p.waitFor(remaining(deadline), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException();
            }
            return new Raw(p.exitValue(), o, e);
        } catch (TimeoutException e) {
            kill(p, out, err, in);
            TimeoutException cause = new TimeoutException("timed out after " + Durations.format(timeout));
            throw new IOException(Connection.describe(command) + " on " + node + " timed out after " + Durations.format(timeout) + "; it was killed", cause);
        } catch (ExecutionException e) {
            kill(p, out, err, in);
            throw new IOException("lost the output of a command on " + node + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(p, out, err, in);
            throw new IOException("interrupted while running a command on " + node, e);
        }
    }

    /** The command and every process below it, as SSH's kill ends the command's process group. */
    private static void kill(Process p, Future<?>... pumps) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        for (Future<?> f : pumps) {
            f.cancel(true);
        }
    }

    private <T> Future<T> submit(Process p, java.util.concurrent.Callable<T> pump) throws IOException {
        FutureTask<T> task = new FutureTask<>(pump);
        try {
            io.execute(task);
        } catch (RejectedExecutionException e) {
            kill(p);
            throw new IOException("no thread free to run a command on " + node + " (" + e.getMessage() + ")", e);
        }
        return task;
    }

    private static OutputTail drain(InputStream stream, OutputTail tail) throws IOException {
        byte[] buf = new byte[32 * 1024];
        try (stream) {
            for (int n; (n = stream.read(buf)) != -1; ) {
                tail.write(buf, 0, n);
            }
        }
        return tail;
    }

    /** Sends stdin and then EOF; a command may exit without reading it, and its exit status tells the story. */
    private static void feed(OutputStream stdin, byte[] content) {
        try (stdin) {
            if (content != null && content.length > 0) {
                stdin.write(content);
            }
        } catch (IOException e) {
            // the command closed its stdin: fine
        }
    }

    private static String firstLine(Raw raw) {
        return raw.err.text().strip().lines().findFirst().orElse("exit code " + raw.exitCode);
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
