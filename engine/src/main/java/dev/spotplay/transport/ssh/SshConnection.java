package dev.spotplay.transport.ssh;

import dev.spotplay.diag.Durations;
import dev.spotplay.transport.Connection;
import dev.spotplay.transport.Endpoint;
import dev.spotplay.transport.ExecResult;
import dev.spotplay.transport.OutputTail;
import dev.spotplay.transport.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;

/**
 * One authenticated SSH connection; every exec opens its own session channel on it, so a
 * connection serves a whole apply. put and fetch are plain execs of POSIX sh, so any sshd
 * works, with or without SFTP.
 */
final class SshConnection implements Connection {

    /** Each of stdout and stderr keeps at most this many bytes, the last ones. */
    static final int OUTPUT_CAP = 1 << 20;

    /** stdin up to this size is written by the caller: it fits in any server's initial window, so the write cannot block. */
    private static final int INLINE_STDIN = 32 * 1024;

    /** fetch uses this exit code for "no such file", far from what cat or sh would return. */
    private static final int MISSING = 66;

    /** How long closing may wait to say goodbye before the socket is just closed. */
    private static final long CLOSE_MS = 5_000;

    private final SSHClient client;
    private final Endpoint endpoint;
    private final Executor io;

    /** The bastion's connection this one runs through, closed with it; null when direct. */
    private final SSHClient via;

    SshConnection(SSHClient client, Endpoint endpoint, Executor io, SSHClient via) {
        this.via = via;
        this.io = io;
        this.client = client;
        this.endpoint = endpoint;
    }

    @Override
    public ExecResult exec(String command, byte[] stdin, Duration timeout) throws IOException {
        Raw raw = run(command, stdin, timeout, OUTPUT_CAP);
        String stderr = raw.err.text();
        if (raw.exitCode == null) {
            String why = raw.signal == null ? "the connection closed it" : "killed by signal " + raw.signal;
            stderr += (stderr.isEmpty() || stderr.endsWith("\n") ? "" : "\n")
                    + "[spotplay: the command ended without an exit status (" + why + "); exit code -1]";
        }
        return new ExecResult(raw.exitCode == null ? -1 : raw.exitCode, raw.out.text(), stderr);
    }

    @Override
    public void put(byte[] content, String remotePath, int mode, Duration timeout) throws IOException {
        if (remotePath.endsWith("/")) {
            throw new IOException("cannot put to " + remotePath + " on " + endpoint.nodeName() + ": it names a folder, not a file");
        }
        String script = Shell.putScript(remotePath, mode);
        Raw raw = run(script, content, timeout, OUTPUT_CAP);
        if (raw.exitCode == null || raw.exitCode != 0) {
            throw new IOException("cannot write " + remotePath + " on " + endpoint.nodeName() + ": "
                    + firstLine(raw.err.text(), raw.exitCode));
        }
    }

    @Override
    public byte[] fetch(String remotePath, Duration timeout) throws IOException {
        String p = Shell.quote(remotePath);
        String script = "if [ ! -e " + p + " ]; then echo 'no such file' >&2; exit " + MISSING + "; fi; exec cat -- " + p;
        Raw raw = run(script, null, timeout, Integer.MAX_VALUE);
        if (raw.exitCode != null && raw.exitCode == MISSING) {
            throw new NoSuchFileException(remotePath, null, "on " + endpoint.nodeName());
        }
        if (raw.exitCode == null || raw.exitCode != 0) {
            throw new IOException("cannot read " + remotePath + " on " + endpoint.nodeName() + ": "
                    + firstLine(raw.err.text(), raw.exitCode));
        }
        return raw.out.bytes();
    }

    @Override
    public void close() {
        // Through a bastion the node's connection has no socket of its own: the bastion's bounds both goodbyes.
        SocketAlarm viaAlarm = via == null || via.getSocket() == null ? null : SocketAlarm.arm(via.getSocket(), 2 * CLOSE_MS);
        try {
            disconnect(client);
            if (via != null) {
                disconnect(via);
            }
        } finally {
            if (viaAlarm != null) {
                viaAlarm.disarm();
            }
        }
    }

    private static void disconnect(SSHClient client) {
        // Saying goodbye is one write, which a peer that stopped reading could block for ever.
        Socket socket = client.getSocket();
        SocketAlarm alarm = socket == null ? null : SocketAlarm.arm(socket, CLOSE_MS);
        try {
            client.disconnect();
        } catch (IOException | RuntimeException ignored) {
            // Closing is best effort: the socket is gone either way.
        } finally {
            if (alarm != null) {
                alarm.disarm();
            }
        }
    }

    /** What a command left behind; exitCode is null when the server sent none (killed by a signal, channel torn down). */
    private record Raw(Integer exitCode, String signal, OutputTail out, OutputTail err) {}

    private Raw run(String command, byte[] stdin, Duration timeout, int stdoutCap) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Session session;
        Session.Command cmd;
        try {
            session = client.startSession();
            cmd = session.exec(command);
        } catch (IOException e) {
            throw new IOException("cannot run " + describe(command) + " on " + endpoint + ": " + e.getMessage(), e);
        }
        Future<OutputTail> out = submit(() -> drain(cmd.getInputStream(), new OutputTail(stdoutCap)));
        Future<OutputTail> err = submit(() -> drain(cmd.getErrorStream(), new OutputTail(OUTPUT_CAP)));
        Future<?> in = feed(cmd.getOutputStream(), stdin);
        try {
            OutputTail o = out.get(remaining(deadline), TimeUnit.NANOSECONDS);
            OutputTail e = err.get(remaining(deadline), TimeUnit.NANOSECONDS);
            cmd.join(Math.max(1, remaining(deadline)), TimeUnit.NANOSECONDS);
            Signal signal = cmd.getExitSignal();
            Raw raw = new Raw(cmd.getExitStatus(), signal == null ? null : signal.name(), o, e);
            closeChannel(cmd);
            return raw;
        } catch (TimeoutException | ConnectionException e) {
            if (e instanceof ConnectionException && !(e.getCause() instanceof TimeoutException) && remaining(deadline) > 0) {
                throw lost(command, e);
            }
            kill(cmd, out, err, in);
            TimeoutException cause = new TimeoutException("timed out after " + Durations.format(timeout));
            throw new IOException(describe(command) + " on " + endpoint.nodeName() + " timed out after " + Durations.format(timeout)
                    + "; it was killed", cause);
        } catch (ExecutionException e) {
            kill(cmd, out, err, in);
            throw lost(command, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(cmd, out, err, in);
            throw new IOException("interrupted while running " + describe(command) + " on " + endpoint.nodeName(), e);
        }
    }

    private static OutputTail drain(InputStream stream, OutputTail tail) throws IOException {
        byte[] buf = new byte[32 * 1024];
        for (int n; (n = stream.read(buf)) != -1; ) {
            tail.write(buf, 0, n);
        }
        return tail;
    }

    /** Sends stdin and then EOF, so that a command reading stdin ends. Large input goes through the pool, since writing it blocks until the command reads it. */
    /** Runs a pump on the caller's pool; a pool that is full is a bug in its sizing, reported as the command's failure. */
    private <T> Future<T> submit(java.util.concurrent.Callable<T> pump) throws IOException {
        FutureTask<T> task = new FutureTask<>(pump);
        try {
            io.execute(task);
        } catch (RejectedExecutionException e) {
            throw new IOException("no thread free to read the command's output on " + endpoint.nodeName() + " (" + e.getMessage() + ")", e);
        }
        return task;
    }

    private Future<?> feed(OutputStream stdin, byte[] content) throws IOException {
        if (content == null || content.length <= INLINE_STDIN) {
            writeAndClose(stdin, content);
            return null;
        }
        return submit(() -> {
            writeAndClose(stdin, content);
            return null;
        });
    }

    private static void writeAndClose(OutputStream stdin, byte[] content) throws IOException {
        try {
            if (content != null && content.length > 0) {
                stdin.write(content);
                stdin.flush();
            }
            stdin.close();
        } catch (IOException e) {
            // A command may exit without reading its input; its exit status tells the story.
        }
    }

    /** Kills the remote command (signal, then close): OpenSSH delivers the signal to the command's process group, and closing the channel makes MINA-based nodes kill it too. */
    private void kill(Session.Command cmd, Future<?>... pumps) {
        try {
            cmd.signal(Signal.KILL);
        } catch (IOException | RuntimeException ignored) {
            // The channel or connection may already be gone, which is what we want.
        }
        for (Future<?> f : pumps) {
            if (f != null) {
                f.cancel(true);
            }
        }
        // Closing waits for the server's reply; the caller must not wait for it.
        try {
            io.execute(() -> closeChannel(cmd));
        } catch (RejectedExecutionException e) {
            closeChannel(cmd); // the pool is gone (the walk ended): close here
        }
    }

    private static void closeChannel(Session.Command cmd) {
        try {
            cmd.close();
        } catch (IOException | RuntimeException ignored) {
            // Already closed by the server.
        }
    }

    private IOException lost(String command, Throwable cause) {
        String why = cause == null ? "unknown error" : cause.getMessage();
        return new IOException("lost the connection to " + endpoint + " while running " + describe(command) + ": " + why, cause);
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    static String describe(String command) {
        return Connection.describe(command);
    }

    private static String firstLine(String stderr, Integer exitCode) {
        String s = stderr.strip();
        if (s.isEmpty()) {
            return exitCode == null ? "the command was killed" : "exit code " + exitCode;
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
