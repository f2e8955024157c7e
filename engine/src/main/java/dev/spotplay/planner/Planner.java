package dev.spotplay.planner;

import dev.spotplay.diag.UserError;
import dev.spotplay.plan.Action;
import dev.spotplay.plan.AttributeChange;
import dev.spotplay.plan.Change;
import dev.spotplay.plan.Plan;
import dev.spotplay.plan.Reason;
import dev.spotplay.playbook.Membership;
import dev.spotplay.playbook.Group;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.Step;
import dev.spotplay.provider.NodeName;
import dev.spotplay.provider.ObservedNode;
import dev.spotplay.provider.NodeVars;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.state.StepRun;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Diffs what the playbook wants against what is (reconciled state) and returns the plan.
 *
 * <p>Who a group's nodes are is decided by the provider's {@link Membership}: spotplay's naming policy
 * (ElastiCluster's: {@code {group}{index:03d}}, a freed index is reused before the range grows,
 * and scaling down removes the highest names first), or the provider (a static inventory: the
 * nodes it observes, under their own names, never launched, replaced or terminated).
 * A step runs on a node when the node is new, when it never ran there, when it failed there
 * last time, when its definition hash changed, when it says {@code always: true}, or on every
 * node with {@code --recheck}.
 *
 * <p>Apply's plan lists the provider's resources first, then duplicate machines to terminate,
 * node terminations, launches, and the step runs in walk order; {@link #destroy}'s lists every
 * node, every duplicate, then the provider's resources. Both are made only here.
 */
public final class Planner {

    /**
     * What is, as the session found it.
     *
     * @param nodes      the reconciled nodes (see {@link Reconciler})
     * @param fresh      nodes whose recorded step runs belong to a previous machine
     * @param duplicates live machines beyond the one kept under a name
     * @param resources  the provider's cluster-wide resources to create or change (apply) or remove (destroy)
     */
    public record Current(List<NodeRecord> nodes, Set<String> fresh, List<Reconciler.Duplicate> duplicates,
                          List<Change> resources) {

        /** Only these nodes: no duplicates, no provider resources, no fresh machines. */
        public static Current of(List<NodeRecord> nodes) {
            return new Current(nodes, Set.of(), List.of(), List.of());
        }
    }

    /**
     * @param current    what is
     * @param runs       latest step runs: node → step name → run
     * @param recheck    run every step's check again on every node
     * @param cost       estimated USD per hour of one node of a group
     * @param notes      lines to show under the plan
     * @param nodeVars   each node's own template variables, beneath the playbook's (a static inventory's)
     * @param otherGroups the groups a node is in beside its own (a static host in several; {@code NodeProvider#otherGroups})
     */
    public record Input(Playbook playbook, String providerType, Current current,
                        Map<String, Map<String, StepRun>> runs, boolean recheck, ToDoubleFunction<Group> cost,
                        List<String> notes, Machines machines, NodeVars nodeVars, Function<String, List<String>> otherGroups) {

        /** Each node in its own group only. */
        public Input(Playbook playbook, String providerType, Current current, Map<String, Map<String, StepRun>> runs,
                     boolean recheck, ToDoubleFunction<Group> cost, List<String> notes, Machines machines, NodeVars nodeVars) {
            this(playbook, providerType, current, runs, recheck, cost, notes, machines, nodeVars, n -> List.of());
        }

        /** Nodes without variables of their own. */
        public Input(Playbook playbook, String providerType, Current current, Map<String, Map<String, StepRun>> runs,
                     boolean recheck, ToDoubleFunction<Group> cost, List<String> notes, Machines machines) {
            this(playbook, providerType, current, runs, recheck, cost, notes, machines, NodeVars.NONE);
        }

        /** Without launch settings to compare and nothing to replace on request. */
        public Input(Playbook playbook, String providerType, Current current, Map<String, Map<String, StepRun>> runs,
                     boolean recheck, ToDoubleFunction<Group> cost, List<String> notes) {
            this(playbook, providerType, current, runs, recheck, cost, notes, Machines.NONE);
        }
    }

    /**
     * What decides whether a machine is kept, updated or replaced beside its status.
     *
     * @param settings  the launch settings a group's node would get now ({@code NodeProvider#launchSettings})
     * @param updatable the settings that change in place; any other difference replaces the node
     * @param replace   the nodes {@code --replace} names: replaced though nothing changed
     * @param overlap   whether a name may hold two machines for a while, so running nodes can be
     *                  replaced in waves ({@code NodeProvider#overlapsMachines}); else all at once
     */
    public record Machines(Function<Group, Map<String, String>> settings, Set<String> updatable, Set<String> replace,
                           SettingMatch match, boolean overlap) {
        public static final Machines NONE = new Machines(g -> Map.of(), Set.of(), Set.of());

        public Machines(Function<Group, Map<String, String>> settings, Set<String> updatable, Set<String> replace) {
            this(settings, updatable, replace, (name, launched, wanted) -> !launched.equals(wanted), true);
        }
    }

    /** Whether what a node was launched with for a setting no longer fits what its group asks ({@code NodeProvider#settingDiffers}). */
    public interface SettingMatch {
        boolean differs(String name, String launched, String wanted);
    }

    /** The plan and what apply needs beside it: the graph and each group's planned members. */
    public record Result(Plan plan, WorkGraph graph, Map<String, List<String>> members) {}

    private final StepDefinitions definitions;

    public Planner(StepDefinitions definitions) {
        this.definitions = definitions;
    }

    public Result plan(Input in) {
        Playbook pb = in.playbook();
        List<NodeRecord> nodes = in.current().nodes();
        Map<String, NodeRecord> byName = new LinkedHashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));

        List<Change> deletes = new ArrayList<>();
        List<Change> launches = new ArrayList<>();
        List<Change> updates = new ArrayList<>();
        List<String> stopped = new ArrayList<>();
        List<String> autostopped = new ArrayList<>();
        Map<String, Set<String>> unrecorded = new java.util.TreeMap<>(); // setting -> nodes it is not known for
        Set<String> newNodes = new TreeSet<>();
        Map<String, List<String>> members = new LinkedHashMap<>();
        double hourly = 0;

        for (Group g : pb.groups()) {
            List<NodeRecord> existing = nodes.stream()
                    .filter(n -> n.group().equals(g.name()) || in.otherGroups().apply(n.name()).contains(g.name())).toList();
            boolean byProvider = pb.provider().membership() == Membership.DECLARED;
            List<String> desired = byProvider ? declared(existing) : desiredNames(g, existing);
            members.put(g.name(), desired);
            hourly += desired.size() * in.cost().applyAsDouble(g);
            Set<String> wanted = new HashSet<>(desired);
            for (NodeRecord r : existing) {
                if (!wanted.contains(r.name())) {
                    deletes.add(Change.node(Action.DELETE, g.name(), r.name(), byProvider
                            ? Reason.noLongerDeclared(in.providerType()) : Reason.scaleDown(g.count().orElseThrow())));
                }
            }
            for (String name : byProvider ? List.<String>of() : desired) {
                NodeRecord r = byName.get(name);
                if (r == null) {
                    launches.add(Change.node(Action.CREATE, g.name(), name, Reason.of(Reason.Why.NEW_NODE)));
                    newNodes.add(name);
                } else if (r.status() == NodeStatus.GONE || r.status() == NodeStatus.LAUNCHING) {
                    launches.add(Change.node(Action.REPLACE, g.name(), name, ObservedNode.autostopped(r.statusReason())
                            ? Reason.autostopped(r.statusReason()) : Reason.gone(r.statusReason())));
                    newNodes.add(name);
                } else if (r.status() == NodeStatus.DOWN) {
                    launches.add(Change.node(Action.REPLACE, g.name(), name, Reason.down(r.statusReason())));
                    newNodes.add(name);
                } else if (r.status() == NodeStatus.STOPPED) {
                    stopped.add(name); // paused: kept as it is until spotplay start
                    if (ObservedNode.autostopped(r.statusReason())) {
                        autostopped.add(name);
                    }
                } else if (in.machines().replace().contains(name)) {
                    launches.add(Change.node(Action.REPLACE, g.name(), name, Reason.of(Reason.Why.REPLACE_REQUESTED)));
                    newNodes.add(name);
                } else {
                    Map<String, String> settings = in.machines().settings().apply(g);
                    settings.keySet().stream().filter(k -> !r.launch().containsKey(k))
                            .forEach(k -> unrecorded.computeIfAbsent(k, x -> new TreeSet<>(dev.spotplay.provider.NodeName.ORDER)).add(name));
                    List<AttributeChange> changed = changedSettings(r.launch(), settings, in.machines().match());
                    if (changed.stream().anyMatch(a -> !in.machines().updatable().contains(a.name()))) {
                        launches.add(Change.node(Action.REPLACE, g.name(), name, Reason.of(Reason.Why.SETTINGS_CHANGED)).withAttributes(changed));
                        newNodes.add(name);
                    } else if (!changed.isEmpty()) {
                        updates.add(Change.node(Action.UPDATE, g.name(), name, Reason.of(Reason.Why.SETTINGS_CHANGED)).withAttributes(changed));
                    }
                }
            }
        }
        for (NodeRecord r : nodes) {
            if (pb.group(r.group()).isEmpty()) {
                deletes.add(Change.node(Action.DELETE, r.group(), r.name(), Reason.groupRemoved(r.group())));
            }
        }

        List<Change> steps = new ArrayList<>();
        List<WorkGraph.PlannedStep> planned = new ArrayList<>();
        NodeFacts.Shared shared = NodeFacts.Shared.of(pb, members);
        Set<String> paused = new HashSet<>(stopped);
        // A node in several groups runs each step once, in the first of its groups (in this order) that has it.
        Map<String, Set<Integer>> considered = new java.util.HashMap<>();
        for (String group : WorkGraph.groupOrder(pb)) {
            List<Step> allSteps = pb.stepsFor(group);
            for (String node : members.get(group)) {
                NodeRecord r = byName.get(node);
                if (paused.contains(node)) {
                    continue; // its steps wait until it is started
                }
                Set<Integer> seen = considered.computeIfAbsent(node, n -> new java.util.HashSet<>());
                List<Step> groupSteps = allSteps.stream().filter(s -> seen.add(s.index())).toList();
                boolean launching = newNodes.contains(node);
                boolean fresh = launching || in.current().fresh().contains(node);
                Map<String, StepRun> last = fresh ? Map.of() : in.runs().getOrDefault(node, Map.of());
                // A node that exists has its facts now, so each step's definition is known; one
                // still to be launched has its address only after launch.
                Map<String, Object> scope = launching || groupSteps.isEmpty() ? null
                        : new NodeFacts(r.name(), r.group(), r.index(), r.privateIp(), r.address()).scope(shared,
                        in.nodeVars().of(node));
                for (Step s : groupSteps) {
                    Optional<String> hash = scope == null ? Optional.empty() : Optional.of(hash(s, node, scope));
                    Reason reason = fresh ? Reason.of(Reason.Why.STEP_ON_NEW_NODE) : reason(in, s, last.get(s.name()), hash.orElseThrow());
                    if (reason != null) {
                        steps.add(Change.step(group, node, s.name(), s.index(), reason, hash));
                        planned.add(new WorkGraph.PlannedStep(node, s.index(), s.name(), group));
                    }
                }
            }
        }

        WorkGraph graph = WorkGraph.build(pb, members, newNodes, planned);
        List<Change> changes = new ArrayList<>(in.current().resources());
        for (Reconciler.Duplicate d : in.current().duplicates()) {
            changes.add(Change.duplicate(d.node().group(), d.node().name(), d.node().providerId(),
                    Reason.duplicateOf(d.node().name(), d.keptId())));
        }
        changes.addAll(deletes);
        changes.addAll(updates);
        changes.addAll(launches);
        changes.addAll(steps);
        int live = (int) members.values().stream().flatMap(List::stream).distinct().count();
        List<String> notes = new ArrayList<>(in.notes());
        if (!stopped.isEmpty()) {
            notes.add("stopped: " + dev.spotplay.plan.NodeRanges.format(stopped) + " (kept as they are, their steps wait; "
                    + "spotplay start resumes them)");
        }
        if (!autostopped.isEmpty()) {
            notes.add("autostopped: " + dev.spotplay.plan.NodeRanges.format(autostopped) + " stopped themselves after their group's "
                    + "autostop idle time");
        }
        unknownSettingsNote(unrecorded).ifPresent(notes::add);
        Plan plan = new Plan(pb.name(), in.providerType(), List.copyOf(changes), live, hourly, List.copyOf(notes));
        // How the replacements go (in waves keeping min_count up, or all at once) is said under the plan.
        notes.addAll(Waves.notes(pb, Waves.of(pb, plan, n -> Optional.ofNullable(byName.get(n)), in.machines().overlap()), plan,
                in.machines().overlap()));
        plan = new Plan(pb.name(), in.providerType(), List.copyOf(changes), live, hourly, List.copyOf(notes));
        return new Result(plan, graph, members);
    }

    /**
     * The settings that differ between what a node was launched with and what its group asks
     * now, by name; only names both sides know are compared (a node recorded before a setting
     * was kept, or by an older build, is not replaced for it).
     */
    /**
     * Says which settings cannot be compared for which nodes: those launched before spotplay
     * recorded them, or adopted, know only what the machine itself shows. Never silent: a
     * change to such a setting would otherwise plan nothing.
     */
    static java.util.Optional<String> unknownSettingsNote(Map<String, Set<String>> unrecorded) {
        if (unrecorded.isEmpty()) {
            return java.util.Optional.empty();
        }
        Map<Set<String>, List<String>> byNodes = new LinkedHashMap<>();
        unrecorded.forEach((setting, on) -> byNodes.computeIfAbsent(on, x -> new ArrayList<>()).add(setting));
        List<String> parts = new ArrayList<>();
        byNodes.forEach((on, settings) -> parts.add(String.join(", ", settings) + " of " + dev.spotplay.plan.NodeRanges.format(List.copyOf(on))));
        return java.util.Optional.of("not recorded, so not compared: " + String.join("; ", parts)
                + " (launched before spotplay recorded launch settings, or adopted; apply --replace NODE launches it anew with them)");
    }

    static List<AttributeChange> changedSettings(Map<String, String> launched, Map<String, String> wanted, SettingMatch match) {
        List<AttributeChange> changed = new ArrayList<>();
        for (var e : new java.util.TreeMap<>(wanted).entrySet()) {
            String was = launched.get(e.getKey());
            if (was != null && match.differs(e.getKey(), was, e.getValue())) {
                changed.add(new AttributeChange(e.getKey(), was, e.getValue()));
            }
        }
        return changed;
    }

    /** Why the step runs on a node that has run steps before, or null if it need not. */
    private static Reason reason(Input in, Step s, StepRun last, String hash) {
        if (s.always()) {
            return Reason.of(Reason.Why.ALWAYS);
        }
        if (in.recheck()) {
            return Reason.of(Reason.Why.RECHECK);
        }
        if (last == null) {
            return Reason.of(Reason.Why.NEVER_RAN_HERE);
        }
        if (!last.succeeded()) {
            return Reason.of(Reason.Why.FAILED_LAST_TIME);
        }
        return hash.equals(last.hash()) ? null : Reason.of(Reason.Why.DEFINITION_CHANGED);
    }

    /** The step's definition hash on this node. */
    private String hash(Step s, String node, Map<String, Object> scope) {
        try {
            return definitions.hash(s, scope);
        } catch (UserError e) {
            throw new UserError("Step \"" + s.name() + "\" on " + node + ": " + e.getMessage(), e);
        }
    }

    /**
     * What destroy will do: terminate every node (or, when the provider declares its nodes, only
     * forget it) and every duplicate machine, then remove the provider's resources; storage is
     * kept unless {@code includeStorage}, and a note says so.
     */
    public static Plan destroy(Playbook pb, Current current, boolean includeStorage) {
        return destroy(pb, current, includeStorage, Set.of());
    }

    /**
     * As {@link #destroy(Playbook, Current, boolean)}; {@code notOwned}: the storage the provider
     * uses but does not own (an existing file system the playbook names), never deleted, as the note says.
     */
    public static Plan destroy(Playbook pb, Current current, boolean includeStorage, Set<String> notOwned) {
        String type = pb.provider().type();
        List<Change> changes = new ArrayList<>();
        for (NodeRecord r : current.nodes()) {
            boolean gone = r.status() == NodeStatus.GONE;
            Reason why = pb.provider().membership() == Membership.DECLARED
                    ? (gone ? Reason.forgottenGone(type, r.statusReason()) : Reason.forgotten(type))
                    : (gone ? Reason.destroyGone(r.statusReason()) : Reason.of(Reason.Why.DESTROY));
            changes.add(Change.node(Action.DELETE, r.group(), r.name(), why));
        }
        for (Reconciler.Duplicate d : current.duplicates()) {
            changes.add(Change.duplicate(d.node().group(), d.node().name(), d.node().providerId(),
                    Reason.destroyDuplicate(d.node().name())));
        }
        changes.addAll(current.resources());
        List<String> notes = new ArrayList<>();
        List<String> owned = pb.storage().stream().map(s -> s.name()).filter(s -> !notOwned.contains(s)).toList();
        if (!includeStorage && !owned.isEmpty()) {
            notes.add("storage " + String.join(", ", owned)
                    + " is kept with its data (and the security group its mount targets use); destroy --include-storage deletes them");
        }
        List<String> used = pb.storage().stream().map(s -> s.name()).filter(notOwned::contains).toList();
        if (!used.isEmpty()) {
            notes.add("storage " + String.join(", ", used) + " is not this cluster's (it only uses it): never deleted, not even by"
                    + " destroy --include-storage");
        }
        return new Plan(pb.name(), type, List.copyOf(changes), 0, 0, List.copyOf(notes));
    }

    /** The nodes a provider declares: those it observes (every one but the gone), by name. */
    private static List<String> declared(List<NodeRecord> existing) {
        return existing.stream().filter(r -> r.status() != NodeStatus.GONE).map(NodeRecord::name)
                .sorted(NodeName.ORDER).toList();
    }

    /**
     * The names the group will have: the names it has (live or to be replaced); when there are
     * too many, first those without a healthy machine, then the highest; the lowest free
     * indexes added when too few.
     */
    static List<String> desiredNames(Group g, List<NodeRecord> existing) {
        TreeSet<Integer> indexes = new TreeSet<>();
        // Names without a healthy machine (gone, never launched, down) go first when there are
        // too many: scaling down never terminates a healthy node to relaunch a lost name.
        TreeSet<Integer> lost = new TreeSet<>();
        existing.forEach(r -> {
            indexes.add(r.index());
            if (r.status() == NodeStatus.GONE || r.status() == NodeStatus.LAUNCHING || r.status() == NodeStatus.DOWN) {
                lost.add(r.index());
            }
        });
        while (indexes.size() > g.count().orElseThrow()) {
            indexes.remove(lost.isEmpty() ? indexes.last() : lost.pollLast());
        }
        for (int i = 1; indexes.size() < g.count().orElseThrow(); i++) {
            indexes.add(i);
        }
        return indexes.stream().map(i -> NodeName.of(g.name(), i).toString()).toList();
    }
}
