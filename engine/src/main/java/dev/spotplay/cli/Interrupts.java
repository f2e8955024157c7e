package dev.spotplay.cli;

import dev.spotplay.exec.Session;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What SIGINT (Ctrl-C) or SIGTERM does, at any moment of any command: one line that says so, and
 * for a command that changes state ({@link #guard}), what the state is in. Nothing needs undoing:
 * every change is recorded in state before and after it happens, and nodes run outside the CLI's
 * process group, so they survive.
 *
 * <p>The state is closed here, not by its database's own shutdown hook (the store turns that
 * off, since such a hook once closed it under a running write): the store's lock waits for a
 * write in progress, the command is recorded as interrupted, then the state is closed. What the command's threads try after that fails and is not reported: the
 * JVM is stopping, and this line has said why.
 */
final class Interrupts {
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static volatile boolean happened;
    private static volatile boolean exiting;
    private static volatile Guard current;

    private Interrupts() {}

    /** From {@code main} only (tests run commands in-process): one hook for the life of the process. */
    static void install(PrintStream err) {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (exiting) {
                return; // System.exit after the command finished runs the hooks too
            }
            happened = true;
            Guard guard = current;
            err.println("\nInterrupted" + (guard == null ? "." : ": " + guard.stop()));
            err.flush();
        }, "spotplay-interrupt"));
    }

    /** The command has finished; what follows is its own exit, not an interrupt. */
    static void exiting() {
        exiting = true;
    }

    /** True once a signal has stopped this command: what fails after it is its consequence, not an error to report. */
    static boolean happened() {
        return happened;
    }

    /** Guards a command that changes state, until closed; {@code again} is what to type to finish its job. */
    static Guard guard(String again) {
        Guard guard = new Guard(again);
        current = guard;
        return guard;
    }

    static final class Guard implements AutoCloseable {
        private final String again;
        private volatile Session session;
        private volatile Runnable record = () -> { };

        private Guard(String again) {
            this.again = again;
        }

        /** The session whose state to close on a signal, once it is open. */
        Session watch(Session session) {
            this.session = session;
            return session;
        }

        /** What to write into state when interrupted from now on (the command's history entry). */
        void onInterrupt(Runnable record) {
            this.record = record;
        }

        /** Records, closes the state, and says what it is in. */
        private String stop() {
            Session s = session;
            if (s == null) {
                return "nothing was changed; " + again + ".";
            }
            try {
                record.run();
            } catch (RuntimeException ignored) {
                // the store failed or was closed meanwhile: the command shows as unfinished in history
            }
            try {
                s.state().close();
            } catch (RuntimeException ignored) {
                // every write before this one is in the file already
            }
            return "every change so far is recorded in " + s.stateLocation().display() + ", and launched nodes keep running; " + again + ".";
        }

        @Override
        public void close() {
            if (current == this) {
                current = null;
            }
        }
    }
}
