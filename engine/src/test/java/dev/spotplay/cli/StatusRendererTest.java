package dev.spotplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spotplay.module.ModuleCatalog;
import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepModule;
import dev.spotplay.module.StepResult;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.PlaybookLoader;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.state.StepRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Golden files for what {@code status} prints, as a table and as JSON, for nodes in every
 * status a user meets (running, down with its reason, gone, never launched), with steps ok and
 * failed, and a local host. Rewrite with {@code -Dspotplay.golden.update=true} after a deliberate change.
 */
class StatusRendererTest {
    private static final Path DIR = Path.of("src/test/resources/status");

    @Test
    void statusReadsAsTheGoldenFilesSay() throws IOException {
        Playbook pb = PlaybookLoader.load(DIR.resolve("playbook.yml"), new ModuleCatalog(List.of(new Shell()))).playbook();
        List<NodeRecord> nodes = List.of(
                node("head001", "head", 1, NodeStatus.RUNNING, null, "10.0.0.5"),
                node("worker001", "worker", 1, NodeStatus.RUNNING, null, "10.0.0.6"),
                node("worker002", "worker", 2, NodeStatus.DOWN, "did not answer SSH at 10.0.0.7:22 within 10m", "10.0.0.7"),
                node("worker003", "worker", 3, NodeStatus.GONE, "interrupted by the provider", null));
        Map<String, Map<String, StepRun>> runs = new LinkedHashMap<>();
        runs.put("head001", Map.of("base", run("head001", "base", StepRun.Result.CHANGED)));
        runs.put("worker001", Map.of("base", run("worker001", "base", StepRun.Result.UNCHANGED),
                "app", run("worker001", "app", StepRun.Result.FAILED)));
        // head001 is this machine (ansible_connection=local): shown as local, not by an address.
        check("expected.txt", StatusRenderer.text(pb, nodes, runs, Set.of("head001")));
        check("expected.json", StatusRenderer.json(pb.name(), nodes, runs, Set.of("head001")));
        check("empty.txt", StatusRenderer.text(pb, List.of(), Map.of()));
        check("empty.json", StatusRenderer.json(pb.name(), List.of(), Map.of()));
    }

    /** A shell module that only reads its arguments: status never runs a step. */
    private static final class Shell implements StepModule {
        @Override public String name() { return "shell"; }
        @Override public Set<String> options() { return Set.of(); }
        @Override public List<ArgProblem> validate(Map<String, Object> args) { return List.of(); }
        @Override public StepResult run(StepContext ctx) { throw new UnsupportedOperationException("status runs no step"); }
    }

    private static NodeRecord node(String name, String group, int index, NodeStatus status, String reason, String host) {
        var b = NodeRecord.builder(name).group(group).index(index).status(status, reason).createdAt(Instant.EPOCH);
        if (host != null) {
            b.providerId("i-0" + index + group.length()).endpoint(host, 22).privateIp(host);
        }
        return b.build();
    }

    private static StepRun run(String node, String step, StepRun.Result result) {
        return new StepRun("a1", node, step, "h", result, result == StepRun.Result.FAILED ? "exit 1" : "", "", 5, Instant.EPOCH);
    }

    private static void check(String name, String actual) throws IOException {
        Path expected = DIR.resolve(name);
        if (Boolean.getBoolean("spotplay.golden.update")) {
            Files.writeString(expected, actual);
        }
        assertEquals(Files.readString(expected), actual, "golden file " + expected);
    }
}
