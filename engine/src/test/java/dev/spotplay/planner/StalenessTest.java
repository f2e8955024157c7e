package dev.spotplay.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spotplay.diag.UserError;
import dev.spotplay.plan.Action;
import dev.spotplay.plan.Basis;
import dev.spotplay.plan.Change;
import dev.spotplay.plan.Plan;
import dev.spotplay.plan.PlanFile;
import dev.spotplay.plan.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What apply says when a saved plan no longer holds, for each thing that can change under it,
 * and what it says of a file that is not a plan it can read: every message is in the golden file
 * {@code src/test/resources/stale/refusals.txt} (rewrite with {@code -Dspotplay.golden.update=true}).
 */
class StalenessTest {
    private static final Path GOLDEN = Path.of("src/test/resources/stale/refusals.txt");
    @TempDir Path dir;

    @Test
    void everyRefusalReadsAsTheGoldenFileSays() throws IOException {
        List<String> out = new ArrayList<>();

        // The local files: the playbook edited, a sent file edited, one removed, one created.
        Path playbook = write("cluster.yml", "name: demo\n");
        Path motd = write("files/motd", "hello\n");
        Path conf = write("files/app.conf", "a=1\n");
        Path later = dir.resolve("files/later");
        Files.createDirectories(dir.resolve("files/site"));
        write("files/site/index.html", "<p>1</p>\n");
        Basis basis = basis(playbook, List.of(input(motd, "step \"motd\""), input(conf, "step \"conf\""),
                input(later, "step \"later\""), input(dir.resolve("files/site"), "step \"site\""),
                input(dir.resolve("hosts.ini"), "the static provider")), Optional.of("0b3c"), 7);
        assertEquals(List.of(), Staleness.files(basis), "nothing changed yet");
        write("cluster.yml", "name: demo\n# edited\n");
        write("files/motd", "hello again\n");
        Files.delete(conf);
        write("files/later", "new\n");
        write("files/site/index.html", "<p>2</p>\n");
        section(out, "files changed", Staleness.refusal("demo.plan", Staleness.files(basis)));
        Files.delete(playbook);
        section(out, "playbook gone", Staleness.refusal("demo.plan", Staleness.files(basis).subList(0, 1)));

        // The state.
        section(out, "state written since", Staleness.refusal("demo.plan", Staleness.state(basis, Optional.of("0b3c"), 9)));
        section(out, "state written once since", Staleness.refusal("demo.plan", Staleness.state(basis, Optional.of("0b3c"), 8)));
        section(out, "state restored", Staleness.refusal("demo.plan", Staleness.state(basis, Optional.of("0b3c"), 5)));
        section(out, "another state", Staleness.refusal("demo.plan", Staleness.state(basis, Optional.of("77aa"), 7)));
        Basis none = basis(playbook, List.of(), Optional.empty(), 0);
        assertEquals(List.of(), Staleness.state(none, Optional.of("77aa"), 0), "a fresh state holds a plan made with none");
        section(out, "planned without state", Staleness.refusal("demo.plan", Staleness.state(none, Optional.of("77aa"), 3)));
        assertEquals(List.of(), Staleness.state(basis, Optional.of("0b3c"), 7), "the same state holds");

        // What a new plan would do.
        Change keep = Change.node(Action.CREATE, "worker", "worker001", Reason.of(Reason.Why.NEW_NODE));
        Change step = Change.step("head", "head001", "motd", 0, Reason.of(Reason.Why.DEFINITION_CHANGED), Optional.of("aa"));
        Change gone = Change.node(Action.DELETE, "worker", "worker003", Reason.scaleDown(2));
        Plan then = plan(keep, step, gone);
        assertEquals(List.of(), Staleness.changes(then, plan(keep, step, gone)));
        Plan now = plan(keep, Change.step("head", "head001", "motd", 0, Reason.of(Reason.Why.DEFINITION_CHANGED), Optional.of("bb")),
                Change.node(Action.REPLACE, "worker", "worker002", Reason.gone("interrupted by the provider")),
                Change.node(Action.DELETE, "worker", "worker001", Reason.scaleDown(1)));
        section(out, "the cluster changed", Staleness.refusal("demo.plan", Staleness.changes(then, now)));
        List<Change> many = new ArrayList<>();
        for (int i = 1; i <= 14; i++) {
            many.add(Change.node(Action.CREATE, "worker", String.format("worker%03d", i), Reason.of(Reason.Why.NEW_NODE)));
        }
        section(out, "many changes", Staleness.refusal("demo.plan", Staleness.changes(plan(), plan(many.toArray(Change[]::new)))));

        // Files that are not plans this build carries out.
        section(out, "not JSON", refused(write("a.plan", "{\"spotplay_plan\": 1, \"cluster\": ")));
        section(out, "another format", refused(write("b.plan", "{\"spotplay_plan\": 2}")));
        section(out, "no version", refused(write("c.plan", "{\"cluster\": \"demo\"}")));
        section(out, "a member missing", refused(write("d.plan", "{\"spotplay_plan\": 1, \"cluster\": \"demo\"}")));
        section(out, "an unknown action", refused(write("e.plan", Files.readString(Path.of("src/test/resources/plan/new-cluster/saved.json"))
                .replaceFirst("\"CREATE\"", "\"EXPLODE\""))));
        section(out, "a wrong type", refused(write("f.plan", Files.readString(Path.of("src/test/resources/plan/new-cluster/saved.json"))
                .replaceFirst("\"serial\" : 7", "\"serial\" : \"7\""))));

        String text = String.join("\n", out).replace(dir.toString(), "DIR");
        if (Boolean.getBoolean("spotplay.golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, text);
        }
        assertEquals(Files.readString(GOLDEN), text);
    }

    private String refused(Path file) {
        return assertThrows(UserError.class, () -> PlanFile.read(file)).getMessage();
    }

    private static void section(List<String> out, String title, String text) {
        out.add("## " + title + "\n" + text + "\n");
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private static Basis.Input input(Path p, String usedBy) {
        return new Basis.Input(p.toString(), Inputs.sha256(p), usedBy);
    }

    private static Basis basis(Path playbook, List<Basis.Input> inputs, Optional<String> lineage, long serial) {
        return new Basis(playbook.toString(), Inputs.sha256(playbook), inputs, Optional.empty(), lineage, serial, false, List.of(), false);
    }

    private static Plan plan(Change... changes) {
        return new Plan("demo", "local", List.of(changes), 3, 0, List.of());
    }
}
