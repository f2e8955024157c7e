package dev.spotplay.planner;

import dev.spotplay.plan.Action;
import dev.spotplay.plan.Address;
import dev.spotplay.plan.Change;
import dev.spotplay.plan.Plan;
import dev.spotplay.playbook.Group;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.provider.NodeName;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How a plan's replacements of running machines go: in waves per group ({@code replace: waves},
 * the default), each wave's new machines launched under their names and set up while the
 * machines they replace still run, and only then those terminated; {@link Group#waveSize} nodes
 * a wave, so at least {@code min_count} of the group stay up and set up throughout. A node
 * whose machine is not running (gone, down, never launched) has nothing to keep up: it is
 * launched at once, with the rest of the plan. One rule for the plan's text and for apply,
 * made from the plan, the playbook and the nodes as they are (which a saved plan pins).
 */
public final class Waves {

    /** One wave: the group's running nodes it replaces, in name order. */
    public record Wave(String group, int number, int of, List<String> nodes) {}

    private Waves() {}

    /** Whether a node's machine is one a wave keeps up until its replacement is set up: it runs. */
    public static boolean running(NodeRecord r) {
        return r != null && r.status() == NodeStatus.RUNNING && r.providerId() != null;
    }

    /**
     * The waves of {@code plan}, group by group in playbook order; empty when nothing running is
     * replaced in waves, or when the provider cannot hold two machines under one name ({@code overlap} false).
     */
    public static List<Wave> of(Playbook pb, Plan plan, Function<String, Optional<NodeRecord>> nodes, boolean overlap) {
        if (!overlap) {
            return List.of();
        }
        Map<String, List<String>> byGroup = new LinkedHashMap<>();
        pb.groups().forEach(g -> byGroup.put(g.name(), new ArrayList<>()));
        for (Change c : plan.nodeChanges()) {
            if (c.action() == Action.REPLACE && c.address() instanceof Address.Node n && byGroup.containsKey(n.group())
                    && pb.group(n.group()).orElseThrow().replace() == Group.Replacement.WAVES
                    && running(nodes.apply(n.name()).orElse(null))) {
                byGroup.get(n.group()).add(n.name());
            }
        }
        List<Wave> waves = new ArrayList<>();
        for (var e : byGroup.entrySet()) {
            List<String> names = e.getValue().stream().sorted(NodeName.ORDER).toList();
            int size = pb.group(e.getKey()).orElseThrow().waveSize();
            int of = (names.size() + size - 1) / size;
            for (int i = 0; i < of; i++) {
                waves.add(new Wave(e.getKey(), i + 1, of, names.subList(i * size, Math.min(names.size(), (i + 1) * size))));
            }
        }
        return waves;
    }

    /** The plan's note for each group replaced in waves, or all at once: how the replacement will go. */
    public static List<String> notes(Playbook pb, List<Wave> waves, Plan plan, boolean overlap) {
        List<String> notes = new ArrayList<>();
        Map<String, List<Wave>> byGroup = new LinkedHashMap<>();
        waves.forEach(w -> byGroup.computeIfAbsent(w.group(), k -> new ArrayList<>()).add(w));
        for (var e : byGroup.entrySet()) {
            Group g = pb.group(e.getKey()).orElseThrow();
            List<String> order = e.getValue().stream().map(w -> dev.spotplay.plan.NodeRanges.format(w.nodes())).toList();
            notes.add("replacement " + g.name() + ": in " + e.getValue().size() + (e.getValue().size() == 1 ? " wave" : " waves")
                    + " of " + g.waveSize() + " (" + String.join("; then ", order) + "); each wave's new machines are launched and"
                    + " set up before the old ones go, so at least " + g.minimumUp(g.count().orElse(0)) + " of " + g.count().orElse(0)
                    + " stay up (replace: all-at-once terminates them first)");
        }
        Set<String> atOnce = new TreeSet<>();
        for (Change c : plan.nodeChanges()) {
            if (c.action() == Action.REPLACE && c.address() instanceof Address.Node n && pb.group(n.group())
                    .map(g -> g.replace() == Group.Replacement.ALL_AT_ONCE || (!overlap && g.replace() == Group.Replacement.WAVES)).orElse(false)) {
                atOnce.add(n.group());
            }
        }
        atOnce.forEach(g -> notes.add("replacement " + g + ": all at once (" + (overlap ? "replace: all-at-once"
                : "this provider holds one machine per name") + "): the old machines are terminated first, then the new ones launched"));
        return notes;
    }

    /** The nodes of every wave. */
    public static Set<String> nodes(List<Wave> waves) {
        Set<String> all = new TreeSet<>();
        waves.forEach(w -> all.addAll(w.nodes()));
        return all;
    }

    /**
     * The part of a planned apply that {@code keep} selects (its node and step changes for some
     * nodes, say), with its own graph: what one walk carries out.
     */
    public static Planner.Result part(Playbook pb, Planner.Result whole, Predicate<Change> keep) {
        Plan p = whole.plan();
        List<Change> changes = p.changes().stream().filter(keep).toList();
        Set<String> launching = new TreeSet<>();
        List<WorkGraph.PlannedStep> steps = new ArrayList<>();
        for (Change c : changes) {
            if ((c.action() == Action.CREATE || c.action() == Action.REPLACE) && c.address() instanceof Address.Node n) {
                launching.add(n.name());
            } else if (c.address() instanceof Address.Step s) {
                steps.add(new WorkGraph.PlannedStep(s.node().name(), s.index(), s.name()));
            }
        }
        Plan plan = new Plan(p.cluster(), p.provider(), changes, p.liveNodes(), p.hourlyCost(), p.notes());
        return new Planner.Result(plan, WorkGraph.build(pb, whole.members(), launching, steps), whole.members());
    }

    /** The node a change is about (a node, a duplicate of it, or a step on it), or null for a cluster-wide resource. */
    public static String nodeOf(Change c) {
        if (c.address() instanceof Address.Node n) {
            return n.name();
        } else if (c.address() instanceof Address.Step s) {
            return s.node().name();
        } else if (c.address() instanceof Address.Duplicate d) {
            return d.node().name();
        }
        return null;
    }
}
