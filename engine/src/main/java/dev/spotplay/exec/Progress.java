package dev.spotplay.exec;

import java.io.PrintStream;

/**
 * Progress for a person. On a terminal one status line is redrawn in place; without one,
 * plain lines only at milestones, so logs stay readable.
 */
public final class Progress {
    private final PrintStream out;
    private final boolean terminal;
    private boolean statusShown;

    public Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    public static Progress quiet() {
        return new Progress(new PrintStream(java.io.OutputStream.nullOutputStream()), false);
    }

    /** A line that stays. */
    public synchronized void line(String text) {
        clearStatus();
        out.println(text);
        out.flush();
    }

    /** A transient status (terminal only). */
    public synchronized void status(String text) {
        if (!terminal) {
            return;
        }
        out.print("\r\u001b[2K" + text);
        out.flush();
        statusShown = true;
    }

    public synchronized void clearStatus() {
        if (statusShown) {
            out.print("\r\u001b[2K");
            out.flush();
            statusShown = false;
        }
    }
}
