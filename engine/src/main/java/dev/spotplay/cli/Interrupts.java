package dev.spotplay.cli;

import dev.spotplay.exec.Session;
import java.io.PrintWriter;

/**
 * What SIGINT (Ctrl-C) or SIGTERM during a command that changes state does. Nothing needs undoing:
 * every change is recorded in state before and after it happens, and nodes run outside the CLI's
 * process group, so they survive. The state is closed here, not by H2's own shutdown hook (the
 * store opens H2 with {@code DB_CLOSE_ON_EXIT=FALSE}): the store's lock waits for a write in
 * progress, the command is recorded as interrupted, and the file is closed; what the command's
 * threads try after that fails, and is not reported, since the JVM is stopping.
 */
final class Interrupts {
    private static volatile boolean happened;

    private Interrupts() {}

    /** True once a signal has stopped this command: what fails after it is its consequence, not an error to report. */
    static boolean happened() {
        return happened;
    }

    /** Guards {@code session} until closed; {@code again} is what to type to finish the job ("run apply again to resume"). */
    static Guard guard(PrintWriter err, Session session, String again) {
        return new Guard(err, session, again);
    }

    static final class Guard implements AutoCloseable {
        private final Thread hook;
        private volatile Runnable record = () -> { };

        private Guard(PrintWriter err, Session session, String again) {
            hook = new Thread(() -> {
                happened = true;
                try {
                    record.run();
                } catch (RuntimeException ignored) {
                    // the store failed or was closed meanwhile: the command shows as unfinished in history
                }
                try {
                    session.state().close();
                } catch (RuntimeException ignored) {
                    // every write before this one is in the file already
                }
                err.println("\nInterrupted: every change so far is recorded in " + session.stateFile()
                        + ", and launched nodes keep running; " + again + ".");
                err.flush();
            }, "spotplay-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        /** What to write into state when interrupted from now on (the command's history entry). */
        void onInterrupt(Runnable record) {
            this.record = record;
        }

        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // already running: it closes the state
            }
        }
    }
}
