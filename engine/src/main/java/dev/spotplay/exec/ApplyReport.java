package dev.spotplay.exec;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        out.append(String.format(Locale.ROOT, "%nApply %s in %.1fs: %s.%s%n", succeeded() ? "complete" : "FAILED", millis / 1000.0,
                counts(), succeeded() ? "" : " Fix the cause and run apply again: it resumes where it failed."));
        return out.toString();
    }

    /**
     * Each state counted on its own, so that the line adds up: "2 nodes ok, 1 failed, 1 down",
     * and down nodes min_count accepted said as such.
     */
    String counts() {
        Map<NodeOutcome.State, Long> by = new EnumMap<>(NodeOutcome.State.class);
        nodes.forEach(n -> by.merge(n.state(), 1L, Long::sum));
        List<String> parts = new ArrayList<>();
        long ok = by.getOrDefault(NodeOutcome.State.OK, 0L);
        parts.add(ok + (ok == 1 ? " node ok" : " nodes ok"));
        for (NodeOutcome.State state : NodeOutcome.State.values()) {
            long n = by.getOrDefault(state, 0L);
            if (state != NodeOutcome.State.OK && n > 0) {
                parts.add(n + " " + switch (state) {
                    case SHORT -> "down but accepted (at least min_count up)";
                    default -> state.name().toLowerCase(Locale.ROOT);
                });
            }
        }
        return String.join(", ", parts);
    }
}
