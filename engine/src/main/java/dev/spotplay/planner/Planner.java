package dev.spotplay.planner;

import dev.spotplay.diag.UserError;
import dev.spotplay.plan.Action;
import dev.spotplay.plan.Change;
import dev.spotplay.plan.Plan;
import dev.spotplay.playbook.Group;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.Step;
import dev.spotplay.provider.NodeName;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.state.StepRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * Diffs what the playbook wants against what is (reconciled state) and returns the plan.
 *
 * <p>Who a group's nodes are is decided by {@link Membership}: spotplay's naming policy
 * (ElastiCluster's: {@code {group}{index:03d}}, a freed index is reused before the range grows,
 * and scaling down removes the highest names first), or the provider (a static inventory: the
 * nodes it observes, under their own names, never launched, replaced or terminated).
 * A step runs on a node when the node is new, when it never ran there, when it failed there
 * last time, when its definition hash changed, when it says {@code always: true}, or on every
 * node with {@code --recheck}.
 */
public final class Planner {

    /**
     * @param nodes      the reconciled nodes (see {@link Reconciler})
     * @param fresh      nodes whose recorded step runs belong to a previous machine
     * @param runs       latest step runs: node → step name → run
     * @param recheck    run every step's check again on every node
     * @param cost       estimated USD per hour of one node of a group
     * @param notes      lines to show under the plan
     */
    public record Input(Playbook playbook, String providerType, List<NodeRecord> nodes, Set<String> fresh,
                        Map<String, Map<String, StepRun>> runs, boolean recheck, ToDoubleFunction<Group> cost,
                        List<String> notes, Membership membership) {

        /** Nodes named and counted by the naming policy. */
        public Input(Playbook playbook, String providerType, List<NodeRecord> nodes, Set<String> fresh,
                     Map<String, Map<String, StepRun>> runs, boolean recheck, ToDoubleFunction<Group> cost, List<String> notes) {
            this(playbook, providerType, nodes, fresh, runs, recheck, cost, notes, Membership.NAMING_POLICY);
        }
    }

    /** Who decides which nodes a group has. */
    public enum Membership {
        /** spotplay: {@code count} nodes named {@code {group}{index:03d}}, launched and terminated to match. */
        NAMING_POLICY,
        /** The provider: the nodes it observes alive in the group (a static inventory's hosts); nothing is launched. */
        PROVIDER
    }

    /** The plan and what apply needs beside it: the graph and each group's planned members. */
    public record Result(Plan plan, WorkGraph graph, Map<String, List<String>> members) {}

    private final StepDefinitions definitions;

    public Planner(StepDefinitions definitions) {
        this.definitions = definitions;
    }

    public Result plan(Input in) {
        Playbook pb = in.playbook();
        Map<String, NodeRecord> byName = new LinkedHashMap<>();
        in.nodes().forEach(n -> byName.put(n.name(), n));

        List<Change> deletes = new ArrayList<>();
        List<Change> launches = new ArrayList<>();
        Set<String> newNodes = new TreeSet<>();
        Map<String, List<String>> members = new LinkedHashMap<>();
        double hourly = 0;

        for (Group g : pb.groups()) {
            List<NodeRecord> existing = in.nodes().stream().filter(n -> n.group().equals(g.name())).toList();
            boolean byProvider = in.membership() == Membership.PROVIDER;
            List<String> desired = byProvider ? declared(existing) : desiredNames(g, existing);
            members.put(g.name(), desired);
            hourly += desired.size() * in.cost().applyAsDouble(g);
            for (NodeRecord r : existing) {
                if (!desired.contains(r.name())) {
                    deletes.add(Change.node(Action.DELETE, g.name(), r.name(), byProvider
                            ? "no longer declared by the " + in.providerType() + " provider" : "scale down to " + g.count()));
                }
            }
            for (String name : byProvider ? List.<String>of() : desired) {
                NodeRecord r = byName.get(name);
                if (r == null) {
                    launches.add(Change.node(Action.CREATE, g.name(), name, "new"));
                    newNodes.add(name);
                } else if (r.status() == NodeStatus.GONE || r.status() == NodeStatus.LAUNCHING) {
                    launches.add(Change.node(Action.REPLACE, g.name(), name, "gone" + (r.statusReason() == null ? "" : ": " + r.statusReason())));
                    newNodes.add(name);
                } else if (r.status() == NodeStatus.DOWN) {
                    launches.add(Change.node(Action.REPLACE, g.name(), name, "down" + (r.statusReason() == null ? "" : ": " + r.statusReason())));
                    newNodes.add(name);
                }
            }
        }
        for (NodeRecord r : in.nodes()) {
            if (pb.group(r.group()).isEmpty()) {
                deletes.add(Change.node(Action.DELETE, r.group(), r.name(), "group \"" + r.group() + "\" is no longer in the playbook"));
            }
        }

        WorkGraph graph = WorkGraph.build(pb, members);
        List<Change> steps = new ArrayList<>();
        for (String group : graph.groupOrder()) {
            List<Step> groupSteps = pb.stepsFor(group);
            for (String node : members.get(group)) {
                NodeRecord r = byName.get(node);
                boolean fresh = newNodes.contains(node) || in.fresh().contains(node);
                Map<String, StepRun> last = fresh ? Map.of() : in.runs().getOrDefault(node, Map.of());
                for (Step s : groupSteps) {
                    String reason = fresh ? "new node" : reason(in, pb, s, r, last.get(s.name()), members);
                    if (reason != null) {
                        steps.add(Change.step(group, node, s.name(), s.index(), reason));
                    }
                }
            }
        }

        List<Change> changes = new ArrayList<>(deletes);
        changes.addAll(launches);
        changes.addAll(steps);
        int live = members.values().stream().mapToInt(List::size).sum();
        Plan plan = new Plan(pb.name(), in.providerType(), List.copyOf(changes), live, hourly, in.notes());
        return new Result(plan, graph, members);
    }

    private String reason(Input in, Playbook pb, Step s, NodeRecord r, StepRun last, Map<String, List<String>> members) {
        if (s.always()) {
            return "always";
        }
        if (in.recheck()) {
            return "recheck";
        }
        if (last == null) {
            return "never ran here";
        }
        if (!last.succeeded()) {
            return "failed last time";
        }
        NodeFacts facts = new NodeFacts(r.name(), r.group(), r.index(), r.privateIp(), r.address());
        String hash;
        try {
            hash = definitions.resolve(s, facts.scope(pb, members)).hash();
        } catch (UserError e) {
            throw new UserError("Step \"" + s.name() + "\" on " + r.name() + ": " + e.getMessage(), e);
        }
        return hash.equals(last.hash()) ? null : "definition changed";
    }

    /** The nodes a provider declares: those it observes (every one but the gone), by name. */
    private static List<String> declared(List<NodeRecord> existing) {
        return existing.stream().filter(r -> r.status() != NodeStatus.GONE).map(NodeRecord::name)
                .sorted(NodeName.ORDER).toList();
    }

    /**
     * The names the group will have: the names it has (live or to be replaced), the highest
     * removed when there are too many, the lowest free indexes added when too few.
     */
    static List<String> desiredNames(Group g, List<NodeRecord> existing) {
        TreeSet<Integer> indexes = new TreeSet<>();
        existing.forEach(r -> indexes.add(r.index()));
        while (indexes.size() > g.count()) {
            indexes.pollLast();
        }
        for (int i = 1; indexes.size() < g.count(); i++) {
            indexes.add(i);
        }
        return indexes.stream().map(i -> NodeName.of(g.name(), i).toString()).toList();
    }
}
