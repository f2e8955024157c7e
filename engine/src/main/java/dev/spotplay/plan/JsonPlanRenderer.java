package dev.spotplay.plan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The plan as one JSON object, {@code format_version} 1, as SPEC.md describes. */
public final class JsonPlanRenderer {
    private static final JsonFactory JSON = new JsonFactory();

    public String render(Plan plan) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("format_version", 1);
            g.writeStringField("cluster", plan.cluster());
            g.writeStringField("provider", plan.provider());
            g.writeArrayFieldStart("changes");
            for (Change c : plan.changes()) {
                g.writeStartObject();
                g.writeStringField("action", c.action().json());
                Address a = c.address();
                g.writeStringField("kind", a.kind());
                g.writeStringField("address", a.text());
                Address.Node node = a instanceof Address.Node n ? n
                        : a instanceof Address.Step s ? s.node()
                        : a instanceof Address.Duplicate d ? d.node() : null;
                if (node != null) {
                    g.writeStringField("group", node.group());
                    g.writeStringField("node", node.name());
                }
                if (a instanceof Address.Step s) g.writeStringField("step", s.name());
                g.writeStringField("reason", c.reason().text());
                if (a instanceof Address.Duplicate d) g.writeStringField("provider_id", d.providerId());
                if (!c.attributes().isEmpty()) {
                    g.writeArrayFieldStart("attributes");
                    for (AttributeChange ac : c.attributes()) {
                        g.writeStartObject();
                        g.writeStringField("name", ac.name());
                        g.writeStringField("before", ac.before());
                        g.writeStringField("after", ac.after());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            Plan.Summary s = plan.summary();
            g.writeObjectFieldStart("summary");
            g.writeNumberField("nodes_to_launch", s.nodesToLaunch());
            g.writeNumberField("nodes_to_terminate", s.nodesToTerminate());
            g.writeNumberField("nodes_to_update", s.nodesToUpdate());
            g.writeNumberField("steps_to_run", s.stepsToRun());
            g.writeNumberField("nodes_with_steps", s.nodesWithSteps());
            g.writeNumberField("step_runs", s.stepRuns());
            g.writeNumberField("live_nodes", plan.liveNodes());
            g.writeNumberField("hourly_cost_usd", Math.round(plan.hourlyCost() * 1_000_000) / 1_000_000.0);
            g.writeEndObject();
            g.writeArrayFieldStart("notes");
            for (String n : plan.notes()) g.writeString(n);
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString() + "\n";
    }
}
