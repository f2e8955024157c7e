package dev.spotplay.provider.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.LongConsumer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * One SSH exec (or shell) on a local node: {@code /bin/sh -c COMMAND} as the current user, in
 * the node's home folder, with its streams and exit status relayed over the channel. When the
 * channel closes before the command ends (the client timed out, the node stops) or the client
 * sends a signal, the command and its children are killed, as on a real machine whose sshd
 * tears down a session.
 */
final class ProcessCommand implements Command {

    private static final List<String> PASSED_ON = List.of("PATH", "LANG", "LC_ALL", "TZ", "TMPDIR");

    private final String command;   // null: an interactive shell
    private final Path home;
    private final ExecutorService pool;
    private final Optional<String> setsid;
    private final LongConsumer started;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile Process process;

    /**
     * {@code setsid}, if given, starts the command in a session of its own (its pid is the
     * session's id), and {@code started} learns that pid: whatever the command leaves running
     * in that session can be found and killed when the node stops.
     */
    ProcessCommand(String command, Path home, ExecutorService pool, Optional<String> setsid, LongConsumer started) {
        this.command = command;
        this.home = home;
        this.pool = pool;
        this.setsid = setsid;
        this.started = started;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
        this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        List<String> argv = new ArrayList<>();
        setsid.ifPresent(argv::add);
        argv.addAll(command == null ? List.of("/bin/sh", "-i") : List.of("/bin/sh", "-c", command));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(home.toFile());
        environment(builder.environment(), env);
        Process p = builder.start();
        process = p;
        started.accept(p.pid());
        env.addSignalListener((ch, signal) -> kill(signal == Signal.KILL));
        CompletableFuture<Void> stdout = CompletableFuture.runAsync(() -> copy(p.getInputStream(), out, true), pool);
        CompletableFuture<Void> stderr = CompletableFuture.runAsync(() -> copy(p.getErrorStream(), err, true), pool);
        pool.execute(() -> {
            copy(in, p.getOutputStream(), true);
            closeQuietly(p.getOutputStream());   // EOF from the client reaches the command
        });
        // The exit status goes out after the last output byte, as sshd does it.
        CompletableFuture.allOf(p.onExit(), stdout, stderr).whenComplete((ok, failure) -> exit.onExit(p.exitValue()));
    }

    /** A login-like environment: the node's HOME, the user, the PATH of the machine; nothing else leaks in from the CLI. */
    private void environment(Map<String, String> target, Environment env) {
        Map<String, String> inherited = Map.copyOf(target);
        target.clear();
        for (String name : PASSED_ON) {
            String value = inherited.get(name);
            if (value != null) {
                target.put(name, value);
            }
        }
        target.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
        String user = System.getProperty("user.name");
        target.put("HOME", home.toString());
        target.put("PWD", home.toString());
        target.put("USER", user);
        target.put("LOGNAME", user);
        target.put("SHELL", "/bin/sh");
        String term = env.getEnv().get(Environment.ENV_TERM);
        if (term != null) {
            target.put("TERM", term);
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        kill(true);
    }

    private void kill(boolean forcibly) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;   // a finished command's background children were meant to outlive it
        }
        p.descendants().forEach(h -> {
            if (forcibly) {
                h.destroyForcibly();
            } else {
                h.destroy();
            }
        });
        if (forcibly) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
    }

    private static void copy(InputStream from, OutputStream to, boolean flushEach) {
        byte[] buf = new byte[32 * 1024];
        try {
            for (int n; (n = from.read(buf)) != -1; ) {
                to.write(buf, 0, n);
                if (flushEach) {
                    to.flush();
                }
            }
            to.flush();
        } catch (IOException gone) {
            // The channel or the process went away; the exit callback or destroy settles it.
        }
    }

    private static void closeQuietly(OutputStream s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // The process already exited.
        }
    }
}
