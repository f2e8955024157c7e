package dev.spotplay.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The plan as a person reads it: one line per resource or node change, one line per step and
 * reason (nodes in range notation, so 200 nodes stay one line), then the summary line. An
 * update's or replacement's changed attributes follow its line, one per line, indented.
 */
public final class TextPlanRenderer {
    private final boolean colour;

    public TextPlanRenderer(boolean colour) {
        this.colour = colour;
    }

    public String render(Plan plan) {
        StringBuilder out = new StringBuilder();
        if (!plan.hasChanges()) {
            out.append("No changes. Cluster \"").append(plan.cluster()).append("\" matches the playbook (")
                    .append(plan.liveNodes()).append(plan.liveNodes() == 1 ? " node).\n" : " nodes).\n");
            notes(plan, out);
            return out.toString();
        }
        out.append("Cluster \"").append(plan.cluster()).append("\" (provider ").append(plan.provider()).append("):\n\n");
        record StepLine(Address.Step step, String reason) {}
        List<StepLine> steps = new ArrayList<>();
        for (Change c : plan.changes()) {
            if (c.address() instanceof Address.Step s) {
                steps.add(new StepLine(s, c.reason().text()));
                continue;
            }
            out.append(line(c.action(), c.address().kind() + " " + c.address().text(), c.reason().text()));
            for (AttributeChange a : c.attributes()) {
                out.append("        ").append(a.text()).append('\n');
            }
        }
        steps.sort(java.util.Comparator.comparingInt(l -> l.step().index())); // stable: walk order within a step
        Map<String, List<String>> stepLines = new LinkedHashMap<>();
        for (StepLine l : steps) {
            String key = "run \"" + l.step().name() + "\"\u0000" + l.reason();
            stepLines.computeIfAbsent(key, k -> new ArrayList<>()).add(l.step().node().name());
        }
        stepLines.forEach((key, nodes) -> {
            String[] parts = key.split("\u0000", 2);
            out.append(line(Action.RUN, parts[0] + " on " + NodeRanges.format(nodes), parts[1]));
        });
        Plan.Summary s = plan.summary();
        out.append('\n').append(String.format(Locale.ROOT,
                "Plan: %d %s to launch, %s%d to terminate, %d %s to run on %d %s. Est. $%s/h%n",
                s.nodesToLaunch(), s.nodesToLaunch() == 1 ? "node" : "nodes",
                s.nodesToUpdate() == 0 ? "" : s.nodesToUpdate() + " to update in place, ", s.nodesToTerminate(),
                s.stepsToRun(), s.stepsToRun() == 1 ? "step" : "steps", s.nodesWithSteps(),
                s.nodesWithSteps() == 1 ? "node" : "nodes", money(plan.hourlyCost())));
        notes(plan, out);
        return out.toString();
    }

    /** Cents, or two significant digits below a cent, so a tiny cost never shows as $0.00. */
    public static String money(double usd) {
        if (usd == 0 || usd >= 0.01) {
            return String.format(Locale.ROOT, "%.2f", usd);
        }
        return new java.math.BigDecimal(usd).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
    }

    private static void notes(Plan plan, StringBuilder out) {
        for (String note : plan.notes()) {
            out.append("Note: ").append(note).append('\n');
        }
    }

    private String line(Action action, String what, String reason) {
        String symbol = String.format("%3s", action.symbol());
        if (colour) {
            String code = switch (action) {
                case CREATE -> "32";
                case DELETE -> "31";
                case REPLACE -> "35";
                case UPDATE -> "33";
                case RUN -> "36";
            };
            symbol = "\u001b[" + code + "m" + symbol + "\u001b[0m";
        }
        return "  " + symbol + " " + what + (reason == null || reason.isEmpty() ? "" : "  (" + reason + ")") + "\n";
    }
}
