package dev.spotplay.planner;

import dev.spotplay.playbook.Group;
import dev.spotplay.playbook.Playbook;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrapht.Graphs;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DirectedAcyclicGraph;
import org.jgrapht.traverse.TopologicalOrderIterator;

/**
 * The schedule apply runs, as a graph: the cluster's shared resources are prepared first; each
 * node to launch is launched, then comes up (answers SSH), then runs its planned steps in
 * order; a group barrier ({@code done}) exists only for a group another group names in its
 * {@code after}, and the waiting group's nodes come up only after it. Nothing else orders
 * nodes: a node's steps start as soon as that node is up and what it waits for is done.
 * Built by a fixed sequence of small steps, printable in a stable text form for tests; the
 * walker reads only {@link #order()} and {@link #upstream(Vertex)}.
 */
public final class WorkGraph {

    public sealed interface Vertex permits Prepare, Launch, NodeUp, StepOn, GroupDone {}

    /** The provider's shared resources (key pair, security group, storage) exist. */
    public record Prepare() implements Vertex {
        @Override public String toString() { return "prepare"; }
    }

    /** The provider has launched the node (its launch call reported it running). */
    public record Launch(String node, String group) implements Vertex {
        @Override public String toString() { return "launch(" + node + ")"; }
    }

    /** The node answers SSH; its steps use that one connection. */
    public record NodeUp(String node, String group) implements Vertex {
        @Override public String toString() { return "up(" + node + ")"; }
    }

    /** One planned step on one node; {@code index} is its position in the playbook's steps. */
    public record StepOn(String node, String group, int index, String step) implements Vertex {
        @Override public String toString() { return "step(" + node + "#" + index + " " + step + ")"; }
    }

    /** Every node of the group has finished its steps (only for a group some group waits for). */
    public record GroupDone(String group) implements Vertex {
        @Override public String toString() { return "done(" + group + ")"; }
    }

    /**
     * A planned step run: the step at {@code index} of the playbook, on {@code node}, as a step of
     * {@code group} (null: the node's own group; another for a node in several groups).
     */
    public record PlannedStep(String node, int index, String step, String group) {
        public PlannedStep(String node, int index, String step) {
            this(node, index, step, null);
        }
    }

    private final DirectedAcyclicGraph<Vertex, DefaultEdge> graph = new DirectedAcyclicGraph<>(DefaultEdge.class);
    private final Playbook playbook;
    private final Map<String, List<String>> members;
    /** Each node's last vertex, for the nodes that have any. */
    private final Map<String, Vertex> last = new LinkedHashMap<>();
    /** Each node's up vertex (of its first group: a node in several groups has one chain). */
    private final Map<String, NodeUp> up = new LinkedHashMap<>();

    private WorkGraph(Playbook playbook, Map<String, List<String>> members) {
        this.playbook = playbook;
        this.members = members;
    }

    /**
     * @param members   the node names each group will have, sorted
     * @param launching the nodes this apply launches (created or replaced)
     * @param steps     the planned step runs, each node's in playbook order
     */
    public static WorkGraph build(Playbook playbook, Map<String, List<String>> members, Set<String> launching,
                                  Collection<PlannedStep> steps) {
        WorkGraph w = new WorkGraph(playbook, members);
        w.graph.addVertex(new Prepare());
        w.addNodeChains(launching, steps);
        w.addBarriers();
        return w;
    }

    private void addNodeChains(Set<String> launching, Collection<PlannedStep> steps) {
        for (Group g : playbook.groups()) {
            for (String node : members.getOrDefault(g.name(), List.of())) {
                if (up.containsKey(node)) {
                    continue; // in an earlier group too: one chain, its steps of every group in playbook order
                }
                up.put(node, new NodeUp(node, g.name()));
                List<PlannedStep> mine = steps.stream().filter(s -> s.node().equals(node))
                        .sorted(Comparator.comparingInt(PlannedStep::index)).toList();
                boolean launched = launching.contains(node);
                if (!launched && mine.isEmpty()) {
                    continue;
                }
                Vertex previous = new Prepare();
                if (launched) {
                    previous = edge(previous, new Launch(node, g.name()));
                }
                previous = edge(previous, new NodeUp(node, g.name()));
                for (PlannedStep s : mine) {
                    previous = edge(previous, new StepOn(node, s.group() != null ? s.group() : g.name(), s.index(), s.step()));
                }
                last.put(node, previous);
            }
        }
    }

    /** A group named in an {@code after} gets a barrier; the waiting group's nodes come up after it. */
    private void addBarriers() {
        for (Group g : playbook.groups()) {
            for (String before : g.after()) {
                GroupDone done = barrier(before);
                for (String node : members.getOrDefault(g.name(), List.of())) {
                    if (last.containsKey(node)) {
                        graph.addEdge(done, up.get(node));
                    }
                }
            }
        }
        // A barrier of a group that itself waits follows the barriers it waits for, so that
        // "c after b after a" holds even when b has no work.
        for (Group g : playbook.groups()) {
            if (graph.containsVertex(new GroupDone(g.name()))) {
                for (String before : g.after()) {
                    graph.addEdge(new GroupDone(before), new GroupDone(g.name()));
                }
            }
        }
    }

    private GroupDone barrier(String group) {
        GroupDone done = new GroupDone(group);
        if (graph.addVertex(done)) {
            for (String node : members.getOrDefault(group, List.of())) {
                if (last.containsKey(node)) {
                    graph.addEdge(last.get(node), done);
                }
            }
        }
        return done;
    }

    private Vertex edge(Vertex from, Vertex to) {
        graph.addVertex(to);
        graph.addEdge(from, to);
        return to;
    }

    /**
     * Groups in the order their steps are listed in a plan: every group after the groups it
     * waits for; between independent groups, playbook order.
     */
    public static List<String> groupOrder(Playbook playbook) {
        DirectedAcyclicGraph<String, DefaultEdge> groups = new DirectedAcyclicGraph<>(DefaultEdge.class);
        Map<String, Integer> position = new LinkedHashMap<>();
        for (Group g : playbook.groups()) {
            groups.addVertex(g.name());
            position.put(g.name(), position.size());
        }
        for (Group g : playbook.groups()) {
            for (String before : g.after()) {
                groups.addEdge(before, g.name());
            }
        }
        List<String> order = new ArrayList<>();
        new TopologicalOrderIterator<>(groups, Comparator.comparing(position::get)).forEachRemaining(order::add);
        return order;
    }

    /** Every vertex, each after the vertices it waits for (ties in text order). */
    public List<Vertex> order() {
        List<Vertex> order = new ArrayList<>();
        new TopologicalOrderIterator<>(graph, Comparator.comparing(Vertex::toString)).forEachRemaining(order::add);
        return order;
    }

    /** The vertices that must be done before {@code v} starts. */
    public List<Vertex> upstream(Vertex v) {
        return Graphs.predecessorListOf(graph, v);
    }

    /** The groups a group waits for (its {@code after}), for messages. */
    public List<String> after(String group) {
        return playbook.group(group).map(Group::after).orElse(List.of());
    }

    public int vertexCount() {
        return graph.vertexSet().size();
    }

    /** Every edge as {@code from -> to}, sorted: a stable form for tests and {@code --debug}. */
    public String describe() {
        List<String> lines = new ArrayList<>();
        for (DefaultEdge e : graph.edgeSet()) {
            lines.add(graph.getEdgeSource(e) + " -> " + graph.getEdgeTarget(e));
        }
        lines.sort(null);
        return String.join("\n", lines) + "\n";
    }
}
