package dev.spotplay.exec;

import java.util.List;
import java.util.Locale;

/** The end of an apply: one line per node that had work, and whether everything succeeded. */
public record ApplyReport(String applyId, List<NodeOutcome> nodes, long millis) {

    public boolean succeeded() {
        return nodes.stream().noneMatch(NodeOutcome::isFailure);
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        if (!nodes.isEmpty()) {
            out.append("\nSummary:\n");
            for (NodeOutcome n : nodes) {
                out.append(String.format(Locale.ROOT, "  %-14s %-10s changed=%d unchanged=%d%s  (%.1fs)%n", n.node(),
                        n.state().name().toLowerCase(Locale.ROOT), n.changed(), n.unchanged(),
                        n.failedStep() != null ? "  failed at \"" + n.failedStep() + "\"" : "", n.millis() / 1000.0));
                if (n.isFailure() && n.message() != null) {
                    out.append("      ").append(n.message().replace("\n", "\n      ")).append('\n');
                }
                if (n.isFailure() && n.outputTail() != null && !n.outputTail().isBlank()) {
                    for (String line : n.outputTail().split("\n")) {
                        out.append("      | ").append(line).append('\n');
                    }
                }
            }
        }
        long failed = nodes.stream().filter(NodeOutcome::isFailure).count();
        out.append(String.format(Locale.ROOT, "%nApply %s in %.1fs: %d nodes ok, %d failed.%s%n",
                failed == 0 ? "complete" : "FAILED", millis / 1000.0, nodes.size() - failed, failed,
                failed == 0 ? "" : " Fix the cause and run apply again: it resumes where it failed."));
        return out.toString();
    }
}
