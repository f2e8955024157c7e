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
import java.nio.file.Files;
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

    /** How many times one connection may dial again (each for a command not yet sent) before a loss is final. */
    static final int REDIALS = 3;

    /** Dials the node again: a new login, trusting only the host keys the first one was shown. */
    interface Redial {
        SshConnection dial(long deadlineMillis) throws IOException;
    }

    private final Endpoint endpoint;
    private final Executor io;
    private final Redial redial;

    /** The login commands run over; replaced when the connection is dialled again. Not thread-safe, as {@link Connection} says. */
    private SSHClient client;

    /** The bastion's connection this one runs through, closed with it; null when direct. */
    private SSHClient via;

    private int redials;

    /** Why sshj ended the connection (its reason and message), once it has: said when a later exec finds it gone. */
    private volatile String lostBecause;

    SshConnection(SSHClient client, Endpoint endpoint, Executor io, SSHClient via, Redial redial) {
        this.io = io;
        this.endpoint = endpoint;
        this.redial = redial;
        adopt(client, via);
    }

    private void adopt(SSHClient client, SSHClient via) {
        this.client = client;
        this.via = via;
        this.lostBecause = null;
        net.schmizz.sshj.transport.DisconnectListener before = client.getTransport().getDisconnectListener();
        client.getTransport().setDisconnectListener((reason, message) -> {
            if (this.client == client) {
                lostBecause = reason + (message == null || message.isBlank() ? "" : ": " + message);
            }
            if (before != null) {
                before.notifyDisconnect(reason, message);
            }
        });
    }

    @Override
    public ExecResult exec(String command, byte[] stdin, Duration timeout) throws IOException {
        OutputTail out = new OutputTail(OUTPUT_CAP);
        Raw raw = run(command, stdin == null || stdin.length <= INLINE_STDIN ? Feed.inline(stdin) : Feed.pumped(in -> in.write(stdin)), timeout, out::write);
        String stderr = raw.err.text();
        if (raw.exitCode == null) {
            String why = raw.signal == null ? "the connection closed it" : "killed by signal " + raw.signal;
            stderr += (stderr.isEmpty() || stderr.endsWith("\n") ? "" : "\n")
                    + "[spotplay: the command ended without an exit status (" + why + "); exit code -1]";
        }
        return new ExecResult(raw.exitCode == null ? -1 : raw.exitCode, out.text(), stderr);
    }

    @Override
    public void put(byte[] content, String remotePath, int mode, Duration timeout) throws IOException {
        write(remotePath, mode, timeout, content.length <= INLINE_STDIN ? Feed.inline(content) : Feed.pumped(stdin -> stdin.write(content)), -1);
    }

    @Override
    public void putFile(Path local, String remotePath, int mode, Duration timeout) throws IOException {
        long size = Files.size(local);
        write(remotePath, mode, timeout, Feed.pumped(stdin -> copy(local, size, stdin)), size);
    }

    /** Sends at most {@code size} bytes of {@code local}: the remote side checks it got exactly that many. */
    private static void copy(Path local, long size, OutputStream stdin) throws IOException {
        try (InputStream in = Files.newInputStream(local)) {
            byte[] buf = new byte[64 * 1024];
            for (long left = size; left > 0; ) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    return;   // the file shrank: the remote count says so
                }
                stdin.write(buf, 0, n);
                left -= n;
            }
        }
    }

    /** The remote half of put ({@link Shell#putScript}); with {@code expectedBytes} at least 0, renamed into place only if exactly that many arrived. */
    private void write(String remotePath, int mode, Duration timeout, Feed feed, long expectedBytes) throws IOException {
        if (remotePath.endsWith("/")) {
            throw new IOException("cannot put to " + remotePath + " on " + endpoint.nodeName() + ": it names a folder, not a file");
        }
        String script = Shell.putScript(remotePath, mode, expectedBytes);
        Raw raw = run(script, feed, timeout, new OutputTail(OUTPUT_CAP)::write);
        if (raw.exitCode == null || raw.exitCode != 0) {
            throw new IOException("cannot write " + remotePath + " on " + endpoint.nodeName() + ": "
                    + firstLine(raw.err.text(), raw.exitCode));
        }
    }

    @Override
    public byte[] fetch(String remotePath, Duration timeout) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        fetchTo(remotePath, bytes, timeout);
        return bytes.toByteArray();
    }

    @Override
    public void fetchTo(String remotePath, OutputStream sink, Duration timeout) throws IOException {
        String p = Shell.quote(remotePath);
        String script = "if [ ! -e " + p + " ]; then echo 'no such file' >&2; exit " + MISSING + "; fi; exec cat -- " + p;
        Raw raw = run(script, Feed.NONE, timeout, sink::write);
        if (raw.exitCode != null && raw.exitCode == MISSING) {
            throw new NoSuchFileException(remotePath, null, "on " + endpoint.nodeName());
        }
        if (raw.exitCode == null || raw.exitCode != 0) {
            throw new IOException("cannot read " + remotePath + " on " + endpoint.nodeName() + ": "
                    + firstLine(raw.err.text(), raw.exitCode));
        }
    }

    @Override
    public void close() {
        end(client, via);
    }

    /** Says goodbye to {@code client} and then to the bastion's {@code via} (null when direct), each bounded in time. */
    private static void end(SSHClient client, SSHClient via) {
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
    private record Raw(Integer exitCode, String signal, OutputTail err) {}

    /** Where a command's stdout goes: a bounded tail, or a caller's stream. */
    private interface Sink {
        void write(byte[] b, int off, int len) throws IOException;
    }

    private interface StdinWriter {
        void writeTo(OutputStream stdin) throws IOException;
    }

    /**
     * A command's stdin, then EOF, so that a command reading stdin ends. Small input (it fits in
     * any server's initial window, so the write cannot block) is written by the caller; larger
     * input goes through the pool, since writing it blocks until the command reads it.
     */
    private record Feed(byte[] inline, StdinWriter pump) {
        static final Feed NONE = new Feed(null, null);

        static Feed inline(byte[] content) {
            return new Feed(content, null);
        }

        static Feed pumped(StdinWriter pump) {
            return new Feed(null, pump);
        }
    }

    private Raw run(String command, Feed stdin, Duration timeout, Sink stdout) throws IOException {
        Session session = open(command);
        long deadline = System.nanoTime() + timeout.toNanos();
        Session.Command cmd;
        try {
            cmd = session.exec(command);
        } catch (IOException e) {
            throw new IOException("cannot run " + describe(command) + " on " + endpoint + ": " + e.getMessage(), e);
        }
        Future<?> out = submit(() -> {
            drain(cmd.getInputStream(), stdout);
            return null;
        });
        OutputTail errTail = new OutputTail(OUTPUT_CAP);
        Future<?> err = submit(() -> {
            drain(cmd.getErrorStream(), errTail::write);
            return null;
        });
        Future<?> in = feed(cmd.getOutputStream(), stdin);
        try {
            out.get(remaining(deadline), TimeUnit.NANOSECONDS);
            err.get(remaining(deadline), TimeUnit.NANOSECONDS);
            cmd.join(Math.max(1, remaining(deadline)), TimeUnit.NANOSECONDS);
            Signal signal = cmd.getExitSignal();
            Raw raw = new Raw(cmd.getExitStatus(), signal == null ? null : signal.name(), errTail);
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

    /**
     * A session channel for {@code command}. A connection found lost before the command was
     * sent (sshj's "Not connected", or the channel's open failing with the transport) is dialled
     * again, up to {@link #REDIALS} times in its life, each within twice the connect timeout:
     * nothing of the command reached the node, so sending it on a new login changes nothing
     * else. A server that refuses the channel on a live connection is not retried.
     */
    private Session open(String command) throws IOException {
        while (true) {
            Exception cause;
            try {
                return client.startSession();
            } catch (net.schmizz.sshj.connection.channel.OpenFailException e) {
                throw new IOException("cannot run " + describe(command) + " on " + endpoint + ": " + e.getMessage(), e);
            } catch (IOException | IllegalStateException e) {
                // IllegalStateException: sshj's "Not connected", the connection ended before this exec (a keepalive unanswered, the server gone).
                cause = e;
            }
            String lost = "cannot run " + describe(command) + " on " + endpoint + ": the connection was lost before it ("
                    + (lostBecause != null ? lostBecause : cause.getMessage()) + ")";
            if (redials >= REDIALS) {
                throw new IOException(lost, cause);
            }
            redials++;
            SshConnection again;
            try {
                again = redial.dial(System.currentTimeMillis() + 2 * endpoint.connectTimeout().toMillis());
            } catch (IOException e) {
                throw new IOException(lost + "; connecting again failed: " + e.getMessage(), e);
            }
            SSHClient old = client;
            SSHClient oldVia = via;
            adopt(again.client, again.via);
            end(old, oldVia);
        }
    }

    private static void drain(InputStream stream, Sink sink) throws IOException {
        byte[] buf = new byte[32 * 1024];
        for (int n; (n = stream.read(buf)) != -1; ) {
            sink.write(buf, 0, n);
        }
    }

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

    private Future<?> feed(OutputStream stdin, Feed feed) throws IOException {
        if (feed.pump() == null) {
            writeAndClose(stdin, out -> {
                if (feed.inline() != null && feed.inline().length > 0) {
                    out.write(feed.inline());
                }
            });
            return null;
        }
        return submit(() -> {
            writeAndClose(stdin, feed.pump());
            return null;
        });
    }

    private static void writeAndClose(OutputStream stdin, StdinWriter writer) {
        try {
            writer.writeTo(stdin);
            stdin.flush();
        } catch (IOException e) {
            // A command may exit without reading its input; its exit status tells the story.
        } finally {
            try {
                stdin.close();
            } catch (IOException ignored) {
                // The channel is gone; the command's end says why.
            }
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
