package dev.spotplay.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.plan.Basis;
import dev.spotplay.plan.JsonPlanRenderer;
import dev.spotplay.plan.PlanFile;
import dev.spotplay.plan.SavedPlan;
import dev.spotplay.plan.Plan;
import dev.spotplay.plan.TextPlanRenderer;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.PlaybookLoader;
import dev.spotplay.provider.NodeName;
import dev.spotplay.provider.ObservedNode;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.state.StepRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files for what a user reads: each folder under {@code src/test/resources/plan/} holds
 * {@code playbook.yml}, the starting {@code state.txt} and the expected text and JSON plans of
 * apply ({@code expected.*}) and of destroy ({@code destroy.*}).
 * Each apply plan is also saved and read back, and its saved form compared with {@code saved.json}.
 * {@code state.txt} has one node per line: {@code NAME STATUS [done | failed:STEP | changed:STEP]},
 * or {@code duplicate NAME PROVIDER_ID} for a second live machine under a recorded node's name.
 * Run with {@code -Dspotplay.golden.update=true} to rewrite the expected files after a deliberate change.
 */
class PlanGoldenTest {
    @TempDir Path scratch;
    private static final Path ROOT = Path.of("src/test/resources/plan");

    static Stream<Path> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void planMatchesGolden(Path dir) throws IOException {
        Playbook pb = PlaybookLoader.load(dir.resolve("playbook.yml"), Fixtures.MODULES).playbook();
        List<NodeRecord> nodes = new ArrayList<>();
        List<String[]> marks = new ArrayList<>();
        List<Reconciler.Duplicate> duplicates = new ArrayList<>();
        Path stateFile = dir.resolve("state.txt");
        if (Files.exists(stateFile)) {
            for (String line : Files.readAllLines(stateFile)) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.trim().split("\\s+");
                if (f[0].equals("duplicate")) {
                    NodeRecord kept = nodes.stream().filter(r -> r.name().equals(f[1])).findFirst().orElseThrow();
                    duplicates.add(new Reconciler.Duplicate(new ObservedNode(kept.name(), kept.group(), f[2], "127.0.0.1", 40999,
                            "127.0.0.1", true, null, kept.index()), kept.providerId()));
                    continue;
                }
                NodeName n = NodeName.parse(f[0]);
                nodes.add(Fixtures.node(f[0], n.group(), n.index(), NodeStatus.valueOf(f[1].toUpperCase())));
                marks.add(f);
            }
        }
        Map<String, Map<String, StepRun>> runs = new LinkedHashMap<>();
        Map<String, Map<String, StepRun>> done = Fixtures.allDone(pb, nodes);
        for (String[] f : marks) {
            String mark = f.length > 2 ? f[2] : "none";
            if (mark.equals("none")) continue;
            Map<String, StepRun> mine = new LinkedHashMap<>(done.getOrDefault(f[0], Map.of()));
            if (mark.contains(":")) {
                String step = mark.substring(mark.indexOf(':') + 1).replace('_', ' ');
                StepRun r = mine.get(step);
                boolean failed = mark.startsWith("failed");
                mine.put(step, new StepRun("a1", f[0], step, failed ? r.hash() : "0ld", failed ? StepRun.Result.FAILED : StepRun.Result.CHANGED,
                        "", "", 1, Instant.EPOCH));
            }
            runs.put(f[0], mine);
        }
        Planner.Current current = new Planner.Current(nodes, Set.of(), duplicates, List.of());
        Planner.Input in = new Planner.Input(pb, "local", current, runs, false, g -> 0.0125, List.of());
        Plan plan = new Planner(new StepDefinitions(pb, Fixtures.MODULES)).plan(in).plan();
        check(dir.resolve("expected.txt"), new TextPlanRenderer(false).render(plan));
        roundTrip(dir, plan, dir.resolve("saved.json"));
        check(dir.resolve("expected.json"), new JsonPlanRenderer().render(plan));
        Plan destroy = Planner.destroy(pb, current, false);
        if (destroy.hasChanges()) {
            check(dir.resolve("destroy.txt"), new TextPlanRenderer(false).render(destroy));
            check(dir.resolve("destroy.json"), new JsonPlanRenderer().render(destroy));
            roundTrip(dir, destroy, null);
        } else {
            // destroy prints "has no nodes" instead of a plan; a golden file would show what no one reads
            assertFalse(Files.exists(dir.resolve("destroy.txt")), "an empty destroy plan has no golden file");
        }
    }

    /**
     * The plan saved and read back is the same plan, its file is private to the user, and (for
     * apply's plan) its form is the golden one: the format is versioned, so it changes only on purpose.
     */
    private void roundTrip(Path dir, Plan plan, Path golden) throws IOException {
        Basis basis = new Basis("/home/u/" + dir.getFileName() + "/playbook.yml", "ab12", List.of(new Basis.Input("/home/u/files/motd",
                Basis.MISSING, "step \"motd\"")), java.util.Optional.empty(), java.util.Optional.of("0b3c"), 7, false, List.of("worker002"), false);
        SavedPlan saved = new SavedPlan(plan, basis);
        Path file = scratch.resolve(dir.getFileName() + (golden == null ? ".destroy" : "") + ".plan");
        PlanFile.write(file, saved);
        assertEquals(saved, PlanFile.read(file));
        assertTrue(PlanFile.isPlanFile(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        if (golden != null) {
            check(golden, Files.readString(file) + "\n");
        }
    }

    private static void check(Path expected, String actual) throws IOException {
        if (Boolean.getBoolean("spotplay.golden.update")) {
            Files.writeString(expected, actual);
        }
        assertEquals(Files.readString(expected), actual, "golden file " + expected);
    }
}
