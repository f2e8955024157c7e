package dev.spotplay.cli;

import java.io.PrintWriter;

/**
 * What a Ctrl-C during apply says. Nothing needs undoing: every change is recorded in state
 * before and after it happens, and nodes run outside the CLI's process group, so they survive.
 */
final class Interrupts {
    private Interrupts() {}

    static Thread onInterrupt(PrintWriter err, Runnable record) {
        Thread hook = new Thread(() -> {
            err.println("\nInterrupted. Every change so far is recorded in state, and launched nodes keep running;"
                    + " run apply again to resume.");
            err.flush();
            try {
                record.run();
            } catch (RuntimeException ignored) {
                // The state store may already be closing; the apply then shows as unfinished in history.
            }
        }, "spotplay-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    static void clear(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // already running: nothing to clear
        }
    }
}
