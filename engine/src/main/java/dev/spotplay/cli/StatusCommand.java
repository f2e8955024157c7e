package dev.spotplay.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.spotplay.exec.Session;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.StepRun;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the cluster's nodes as they are now.", "State is checked against the provider; nothing is changed."})
final class StatusCommand implements Callable<Integer> {
    @Mixin PlaybookOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        try (Session session = Session.open(common.playbook, common.session(false), false, "status")) {
            List<NodeRecord> nodes = session.reconcile().nodes();
            Map<String, Map<String, StepRun>> runs = session.state().latestRuns();
            if (json) {
                out.print(json(session.playbook().name(), nodes, runs));
            } else if (nodes.isEmpty()) {
                out.println("Cluster \"" + session.playbook().name() + "\" has no nodes. Run 'spotplay apply' to create them.");
            } else {
                out.printf("Cluster \"%s\" (provider %s): %d %s%n%n", session.playbook().name(), session.playbook().provider().type(),
                        nodes.size(), nodes.size() == 1 ? "node" : "nodes");
                out.printf("  %-14s %-12s %-12s %-22s %s%n", "NAME", "GROUP", "STATUS", "ADDRESS", "STEPS");
                for (NodeRecord n : nodes) {
                    Map<String, StepRun> r = runs.getOrDefault(n.name(), Map.of());
                    long ok = r.values().stream().filter(StepRun::succeeded).count();
                    long failed = r.size() - ok;
                    long expected = session.playbook().stepsFor(n.group()).size();
                    out.printf("  %-14s %-12s %-12s %-22s %d/%d ok%s%n", n.name(), n.group(), n.status().label(),
                            n.host() == null ? "-" : n.address(), ok, expected, failed > 0 ? ", " + failed + " failed" : "");
                    if (n.statusReason() != null && n.status() != dev.spotplay.state.NodeStatus.RUNNING) {
                        out.printf("      %s%n", n.statusReason());
                    }
                }
            }
            out.flush();
            return 0;
        }
    }

    private static String json(String cluster, List<NodeRecord> nodes, Map<String, Map<String, StepRun>> runs) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("cluster", cluster);
            g.writeArrayFieldStart("nodes");
            for (NodeRecord n : nodes) {
                g.writeStartObject();
                g.writeStringField("name", n.name());
                g.writeStringField("group", n.group());
                g.writeStringField("status", n.status().label());
                g.writeStringField("address", n.host() == null ? null : n.address());
                g.writeStringField("host", n.host());
                g.writeNumberField("port", n.port());
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
        }
        return w + "\n";
    }
}
