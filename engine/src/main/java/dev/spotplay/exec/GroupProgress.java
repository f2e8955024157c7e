package dev.spotplay.exec;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts one group's progress and shows it: a live line on a terminal, a line per node otherwise.
 * Made when the group's first node starts; the group is done when every node that started is.
 */
final class GroupProgress {
    private final String group;
    private final int nodes;
    private final int steps;
    private final Progress progress;
    private final AtomicInteger stepsDone = new AtomicInteger();
    private final AtomicInteger nodesDone = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final long start = System.currentTimeMillis();

    GroupProgress(String group, int nodes, int steps, Progress progress) {
        this.group = group;
        this.nodes = nodes;
        this.steps = steps;
        this.progress = progress;
        progress.line(group + ": setting up " + nodes + (nodes == 1 ? " node" : " nodes")
                + " (" + steps + (steps == 1 ? " step run" : " step runs") + ")");
    }

    void stepDone() {
        stepsDone.incrementAndGet();
        show();
    }

    void nodeDone(NodeOutcome o) {
        nodesDone.incrementAndGet();
        if (o.isFailure()) {
            failed.incrementAndGet();
        }
        progress.line(String.format(Locale.ROOT, "  %-14s %-7s changed=%d unchanged=%d%s (%.1fs)", o.node(),
                o.state().name().toLowerCase(Locale.ROOT), o.changed(), o.unchanged(),
                o.failedStep() != null ? " failed at \"" + o.failedStep() + "\"" : o.isFailure() ? " " + firstLine(o.message()) : "",
                o.millis() / 1000.0));
        show();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    private void show() {
        progress.status(String.format(Locale.ROOT, "%s: %d/%d step runs, %d/%d nodes done%s", group, stepsDone.get(), steps,
                nodesDone.get(), nodes, failed.get() > 0 ? ", " + failed.get() + " failed" : ""));
    }

    /** The closing line, once every node that started has ended. */
    void finish() {
        int done = nodesDone.get();
        progress.line(String.format(Locale.ROOT, "%s: done, %d/%d nodes ok (%.1fs)", group, done - failed.get(), done,
                (System.currentTimeMillis() - start) / 1000.0));
    }
}
