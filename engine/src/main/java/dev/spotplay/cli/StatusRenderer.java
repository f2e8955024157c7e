package dev.spotplay.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.state.StepRun;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Formatter;
import java.util.List;
import java.util.Map;

/** What {@code status} prints: a table, or one JSON object ({@code --json}). */
final class StatusRenderer {

    private StatusRenderer() {}

    static String text(Playbook pb, List<NodeRecord> nodes, Map<String, Map<String, StepRun>> runs) {
        return text(pb, nodes, runs, java.util.Set.of());
    }

    /** {@code local}: the nodes that are this machine ({@code ansible_connection=local}), whose address is shown as "local". */
    static String text(Playbook pb, List<NodeRecord> nodes, Map<String, Map<String, StepRun>> runs, java.util.Set<String> local) {
        return text(pb, nodes, runs, local, n -> List.of());
    }

    /**
     * {@code local} as above; {@code otherGroups}: the groups a node is in beside its own (a
     * static host in several), shown as {@code web+db}.
     */
    static String text(Playbook pb, List<NodeRecord> nodes, Map<String, Map<String, StepRun>> runs, java.util.Set<String> local,
                       java.util.function.Function<String, List<String>> otherGroups) {
        if (nodes.isEmpty()) {
            return "Cluster \"" + pb.name() + "\" has no nodes. Run 'spotplay apply' to create them.\n";
        }
        Formatter out = new Formatter();
        out.format("Cluster \"%s\" (provider %s): %d %s%n%n", pb.name(), pb.provider().type(), nodes.size(), nodes.size() == 1 ? "node" : "nodes");
        out.format("  %-14s %-12s %-12s %-22s %s%n", "NAME", "GROUP", "STATUS", "ADDRESS", "STEPS");
        for (NodeRecord n : nodes) {
            Map<String, StepRun> r = runs.getOrDefault(n.name(), Map.of());
            long ok = r.values().stream().filter(StepRun::succeeded).count();
            long failed = r.size() - ok;
            List<String> groups = groups(n, otherGroups);
            long expected = pb.steps().stream().filter(s -> groups.stream().anyMatch(s::appliesTo)).count();
            out.format("  %-14s %-12s %-12s %-22s %d/%d ok%s%n", n.name(), String.join("+", groups), n.status().label(),
                    local.contains(n.name()) ? "local" : n.host() == null ? "-" : n.address(), ok, expected, failed > 0 ? ", " + failed + " failed" : "");
            if (n.statusReason() != null && n.status() != NodeStatus.RUNNING) {
                out.format("      %s%n", n.statusReason());
            }
        }
        return out.toString();
    }

    private static List<String> groups(NodeRecord n, java.util.function.Function<String, List<String>> otherGroups) {
        List<String> out = new java.util.ArrayList<>(List.of(n.group()));
        out.addAll(otherGroups.apply(n.name()));
        return out;
    }

    static String json(String cluster, List<NodeRecord> nodes, Map<String, Map<String, StepRun>> runs) {
        return json(cluster, nodes, runs, java.util.Set.of());
    }

    /** As {@link #text}; each node says its {@code connection}: {@code local} or {@code ssh}. */
    static String json(String cluster, List<NodeRecord> nodes, Map<String, Map<String, StepRun>> runs, java.util.Set<String> local) {
        return json(cluster, nodes, runs, local, n -> List.of());
    }

    /** As {@link #text}; {@code group} is the node's own, {@code groups} every group it is in, its own first. */
    static String json(String cluster, List<NodeRecord> nodes, Map<String, Map<String, StepRun>> runs, java.util.Set<String> local,
                       java.util.function.Function<String, List<String>> otherGroups) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("cluster", cluster);
            g.writeArrayFieldStart("nodes");
            for (NodeRecord n : nodes) {
                g.writeStartObject();
                g.writeStringField("name", n.name());
                g.writeStringField("group", n.group());
                g.writeArrayFieldStart("groups");
                for (String group : groups(n, otherGroups)) {
                    g.writeString(group);
                }
                g.writeEndArray();
                g.writeStringField("status", n.status().label());
                g.writeStringField("address", n.host() == null ? null : n.address());
                g.writeStringField("host", n.host());
                if (n.host() == null) {
                    g.writeNullField("port"); // no machine, no port (not 0)
                } else {
                    g.writeNumberField("port", n.port());
                }
                g.writeStringField("connection", local.contains(n.name()) ? "local" : "ssh");
                g.writeStringField("private_ip", n.privateIp());
                g.writeStringField("provider_id", n.providerId());
                g.writeStringField("reason", n.statusReason());
                Map<String, StepRun> r = runs.getOrDefault(n.name(), Map.of());
                g.writeNumberField("steps_ok", r.values().stream().filter(StepRun::succeeded).count());
                g.writeNumberField("steps_failed", r.values().stream().filter(s -> !s.succeeded()).count());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w + "\n";
    }
}
