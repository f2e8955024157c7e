package dev.spotplay.planner;

import dev.spotplay.plan.Address;
import dev.spotplay.plan.Basis;
import dev.spotplay.plan.Change;
import dev.spotplay.plan.Plan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a plan still holds, and if not, what changed: each check returns one line per
 * difference (empty when the plan holds). The checks come in the order apply makes them, the
 * cheapest first and each before anything is written: the local files, the state's lineage and
 * serial, then what a new plan would do.
 */
public final class Staleness {
    /** At most this many differing changes are listed; the rest are counted. */
    static final int MAX_LISTED = 10;

    private Staleness() {}

    /** The playbook and the local files the plan depends on, hashed again. */
    public static List<String> files(Basis saved) {
        Path playbook = Path.of(saved.playbook());
        Path home = playbook.getParent();
        List<String> lines = new ArrayList<>();
        String now = Inputs.sha256(playbook);
        if (now.equals(Basis.MISSING)) {
            lines.add("the playbook " + playbook + " is gone");
        } else if (!now.equals(saved.playbookSha256())) {
            lines.add("the playbook " + playbook.getFileName() + " changed");
        }
        for (Basis.Input in : saved.inputs()) {
            String hash = Inputs.sha256(Path.of(in.path()));
            if (!hash.equals(in.sha256())) {
                String what = in.sha256().equals(Basis.MISSING) ? "appeared" : hash.equals(Basis.MISSING) ? "is gone" : "changed";
                lines.add(display(Path.of(in.path()), home) + " (read by " + in.usedBy() + ") " + what);
            }
        }
        return lines;
    }

    /** The state the plan was diffed against, against the one open now (read before anything is written to it). */
    public static List<String> state(Basis saved, Optional<String> lineage, long serial) {
        if (saved.lineage().isEmpty()) {
            // planned against no state (or one without a lineage): holds while nothing was written since
            return serial == 0 ? List.of() : List.of("the state was written " + serial + " time" + (serial == 1 ? "" : "s")
                    + " since the plan, which was made when it had no history (another apply ran)");
        }
        if (lineage.isEmpty() || !lineage.equals(saved.lineage())) {
            return List.of("the state is another one than the plan was made against (lineage "
                    + lineage.orElse("none") + ", the plan's " + saved.lineage().get() + ")");
        }
        if (serial != saved.serial()) {
            long n = serial - saved.serial();
            return List.of(n > 0 ? "the state was written " + n + " time" + (n == 1 ? "" : "s") + " since the plan (another apply ran)"
                    : "the state is older than the plan (serial " + serial + ", the plan's " + saved.serial() + "): it was restored");
        }
        return List.of();
    }

    /** What the plan would do now, against what it said it would do: every change it added, dropped or altered. */
    public static List<String> changes(Plan saved, Plan now) {
        if (saved.changes().equals(now.changes())) {
            return List.of();
        }
        Map<String, Change> then = byAddress(saved);
        Map<String, Change> later = byAddress(now);
        List<String> lines = new ArrayList<>();
        for (var e : then.entrySet()) {
            Change c = later.get(e.getKey());
            if (c == null) {
                lines.add("no longer planned: " + text(e.getValue()));
            } else if (!c.equals(e.getValue())) {
                lines.add(altered(e.getValue(), c));
            }
        }
        for (var e : later.entrySet()) {
            if (!then.containsKey(e.getKey())) {
                lines.add("now planned too: " + text(e.getValue()));
            }
        }
        if (lines.isEmpty()) {
            lines.add("the same changes, in another order");
        }
        if (lines.size() > MAX_LISTED) {
            int more = lines.size() - MAX_LISTED;
            lines = new ArrayList<>(lines.subList(0, MAX_LISTED));
            lines.add("and " + more + " more");
        }
        return lines;
    }

    /** The refusal a user reads: what no longer holds, that nothing changed, and what to do. */
    public static String refusal(String planFile, List<String> lines) {
        StringBuilder b = new StringBuilder("The saved plan " + planFile + " no longer holds, so nothing was changed:");
        lines.forEach(l -> b.append("\n  - ").append(l));
        return b.append("\nMake a new plan (spotplay plan --out ").append(planFile).append("), check it, and apply that.").toString();
    }

    private static String altered(Change then, Change now) {
        if (then.address() instanceof Address.Step && then.action() == now.action()
                && Objects.equals(then.reason(), now.reason()) && then.attributes().equals(now.attributes())) {
            return "the definition of " + then.address().text() + " changed (a variable it uses, or a file it sends)";
        }
        return "now " + text(now) + ", planned as " + text(then);
    }

    private static Map<String, Change> byAddress(Plan plan) {
        Map<String, Change> m = new LinkedHashMap<>();
        plan.changes().forEach(c -> m.put(c.address().kind() + " " + c.address().text(), c));
        return m;
    }

    private static String text(Change c) {
        return c.action().symbol() + " " + c.address().text() + " (" + c.reason().text() + ")";
    }

    private static String display(Path path, Path home) {
        return home != null && path.startsWith(home) ? home.relativize(path).toString() : path.toString();
    }
}
