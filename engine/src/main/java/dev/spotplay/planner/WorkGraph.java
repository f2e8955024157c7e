package dev.spotplay.planner;

import dev.spotplay.playbook.Group;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.Step;
import dev.spotplay.playbook.Storage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jgrapht.Graphs;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DirectedAcyclicGraph;
import org.jgrapht.traverse.TopologicalOrderIterator;

/**
 * The graph of what the playbook wants: each node comes up, then runs its group's steps in
 * order; a group is done when every node of it is; a group's first steps wait for the groups
 * in its {@code after}; storage is ready before the steps of the groups that mount it.
 * Built by a fixed sequence of small steps (vertices, step chains, order, storage), and
 * printable in a stable text form for tests.
 */
public final class WorkGraph {

    public sealed interface Vertex permits NodeUp, StepOn, GroupDone, StorageReady {}

    /** The node exists and answers SSH. */
    public record NodeUp(String node, String group) implements Vertex {
        @Override public String toString() { return "up(" + node + ")"; }
    }

    /** One step on one node. */
    public record StepOn(String node, String group, int index, String step) implements Vertex {
        @Override public String toString() { return "step(" + node + "#" + index + " " + step + ")"; }
    }

    /** Every node of the group has finished its steps. */
    public record GroupDone(String group) implements Vertex {
        @Override public String toString() { return "done(" + group + ")"; }
    }

    /** Shared storage exists. */
    public record StorageReady(String storage) implements Vertex {
        @Override public String toString() { return "storage(" + storage + ")"; }
    }

    private final DirectedAcyclicGraph<Vertex, DefaultEdge> graph = new DirectedAcyclicGraph<>(DefaultEdge.class);
    private final Playbook playbook;
    private final Map<String, List<String>> members;

    private WorkGraph(Playbook playbook, Map<String, List<String>> members) {
        this.playbook = playbook;
        this.members = members;
    }

    /** @param members the node names each group will have, sorted */
    public static WorkGraph build(Playbook playbook, Map<String, List<String>> members) {
        WorkGraph w = new WorkGraph(playbook, members);
        w.addNodeChains();
        w.addGroupOrder();
        w.addStorage();
        return w;
    }

    private void addNodeChains() {
        for (Group g : playbook.groups()) {
            GroupDone done = new GroupDone(g.name());
            graph.addVertex(done);
            List<Step> steps = playbook.stepsFor(g.name());
            for (String node : members.getOrDefault(g.name(), List.of())) {
                Vertex previous = new NodeUp(node, g.name());
                graph.addVertex(previous);
                for (Step s : steps) {
                    Vertex v = new StepOn(node, g.name(), s.index(), s.name());
                    graph.addVertex(v);
                    graph.addEdge(previous, v);
                    previous = v;
                }
                graph.addEdge(previous, done);
            }
        }
    }

    private void addGroupOrder() {
        for (Group g : playbook.groups()) {
            for (String before : g.after()) {
                for (Vertex first : firstWork(g.name())) {
                    graph.addEdge(new GroupDone(before), first);
                }
            }
        }
    }

    private void addStorage() {
        for (Storage s : playbook.storage()) {
            StorageReady ready = new StorageReady(s.name());
            graph.addVertex(ready);
            for (Group g : playbook.groups()) {
                if (s.groups().contains("all") || s.groups().contains(g.name())) {
                    for (Vertex first : firstWork(g.name())) {
                        graph.addEdge(ready, first);
                    }
                }
            }
        }
    }

    /** The first step vertex of each node in the group, or the group's done vertex if it has no work. */
    private List<Vertex> firstWork(String group) {
        List<Vertex> out = new ArrayList<>();
        for (String node : members.getOrDefault(group, List.of())) {
            Vertex up = new NodeUp(node, group);
            Vertex next = Graphs.successorListOf(graph, up).get(0);
            out.add(next instanceof GroupDone ? up : next);
        }
        if (out.isEmpty()) {
            out.add(new GroupDone(group));
        }
        return out;
    }

    /**
     * Groups in the order their steps may run: every group after the groups it waits for;
     * between independent groups, playbook order.
     */
    public List<String> groupOrder() {
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

    /** The groups whose steps must be done before this group's steps start (direct only). */
    public Set<String> waitsFor(String group) {
        return new TreeSet<>(playbook.group(group).map(Group::after).orElse(List.of()));
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
