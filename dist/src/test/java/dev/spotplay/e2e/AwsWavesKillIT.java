package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.provider.aws.MotoCluster;
import dev.spotplay.testing.EndToEnd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * kill -9 of the built ./spotplay at random moments of a replacement in waves on moto (3
 * workers, min_count 2, setup steps, EFS): each trial flips the workers' instance type, so
 * apply replaces all three one wave at a time, and is killed at a random moment or just after
 * a random milestone of the waves. After each kill, the next apply ends with exactly the desired
 * instances: one machine per name, each of the type the playbook asks, none leaked, and a plan
 * with nothing left to do. The figures go to dist/target/aws-waves-kill-test.txt.
 */
@EndToEnd
class AwsWavesKillIT {
    static final int TRIALS = 8;
    static final List<String> MILESTONES = List.of("worker: replacing worker001", "worker: launching", "launched (",
            "wave 1 of 3 done", "worker: replacing worker003", "wave 3 of 3 done");
    static final List<String> DESIRED = List.of("head001", "worker001", "worker002", "worker003");
    static final String LIST = "instance_type: [c5.large, c5a.large]";
    static final String ONE = "instance_type: m5.large";

    @TempDir Path dir;

    @BeforeAll
    static void built() throws IOException {
        Cli.markBuilt();
    }

    @Test
    void killMinus9DuringWavesThenApplyLeavesOneMachinePerNameOfTheWantedType() throws Exception {
        MotoCluster c = new MotoCluster(dir, "wkill");
        Path pb = c.playbook(c.moto.url(), 3, 2, List.of(c.net.subnetA()), null);
        long seed = Long.getLong("spotplay.killSeed", System.nanoTime());
        Random random = new Random(seed);
        List<String> rows = new ArrayList<>();
        rows.add("seed " + seed);
        rows.add(String.format(Locale.ROOT, "%-5s %-10s %-34s %-8s %-6s %-6s %-6s", "trial", "to", "kill", "kill ms", "after", "dups",
                "final"));
        Cli.Result first = Cli.run(dir, "apply", pb.toString(), "--yes");
        assertEquals(0, first.code(), first.both());
        long typical = 0;
        int maxAfterKill = 0;
        int finishedBeforeKill = 0;
        for (int trial = 1; trial <= TRIALS; trial++) {
            boolean toOne = Files.readString(pb).contains(LIST);
            Files.writeString(pb, toOne ? Files.readString(pb).replace(LIST, ONE) : Files.readString(pb).replace(ONE, LIST));
            String wanted = toOne ? "m5.large" : "c5.large";
            if (trial == 1) {
                // The first trial runs to the end, as the yardstick for the random kill moments.
                long t0 = System.currentTimeMillis();
                Cli.Result whole = Cli.run(dir, "apply", pb.toString(), "--yes");
                typical = System.currentTimeMillis() - t0;
                assertEquals(0, whole.code(), whole.both());
                assertTrue(whole.out().contains("wave 3 of 3 done"), whole.out());
                check(c, wanted, trial);
                rows.add(String.format(Locale.ROOT, "%-5d %-10s %-34s %-8d %-6d %-6d %-6d", trial, wanted, "(none: a whole apply)",
                        typical, DESIRED.size(), 0, c.liveNames().size()));
                continue;
            }
            String milestone = trial % 2 == 0 ? MILESTONES.get(random.nextInt(MILESTONES.size())) : null;
            Cli.Killed kill = Cli.killDuring(dir, random, milestone, typical, "apply", pb.toString(), "--yes");
            long killAt = kill.atMillis();
            if (kill.finished()) {
                finishedBeforeKill++;
            }
            List<String> afterKill = c.liveNames();
            int dups = afterKill.size() - new HashSet<>(afterKill).size();
            maxAfterKill = Math.max(maxAfterKill, afterKill.size());
            Cli.Result again = Cli.run(dir, "apply", pb.toString(), "--yes");
            assertEquals(0, again.code(), "trial " + trial + ":\n" + again.both());
            check(c, wanted, trial);
            rows.add(String.format(Locale.ROOT, "%-5d %-10s %-34s %-8d %-6d %-6d %-6d", trial, wanted,
                    milestone == null ? "at random" : "after \"" + milestone + "\"", killAt, afterKill.size(), dups, c.liveNames().size()));
        }
        Cli.Result destroy = Cli.run(dir, "destroy", pb.toString(), "--yes", "--include-storage");
        assertEquals(0, destroy.code(), destroy.both());
        assertEquals(List.of(), c.liveNames(), "destroy leaves no instance");
        rows.add(String.format(Locale.ROOT, "%d trials (%d killed, %d finished before the kill; a whole apply of 3 waves ~%d ms); at most"
                + " %d live instances right after a kill (desired %d; a wave adds one); every re-apply ended with exactly the desired"
                + " instances of the wanted type.", TRIALS - 1, TRIALS - 1 - finishedBeforeKill, finishedBeforeKill, typical, maxAfterKill,
                DESIRED.size()));
        Files.write(Cli.ROOT.resolve("dist/target/aws-waves-kill-test.txt"), rows);
        rows.forEach(System.out::println);
        assertTrue(maxAfterKill <= DESIRED.size() + 1, "a wave of one never has more than one extra machine");
    }

    /** One machine per name, the workers of the wanted type, and nothing left to do. */
    private void check(MotoCluster c, String wanted, int trial) throws Exception {
        assertEquals(DESIRED, c.liveNames(), "trial " + trial);
        for (Instance i : c.moto.live(c.name)) {
            if ("worker".equals(tag(i, "spotplay:group"))) {
                assertEquals(wanted, i.instanceTypeAsString(), "trial " + trial + ": " + tag(i, "spotplay:node"));
            }
        }
        Cli.Result plan = Cli.run(dir, "plan", c.dir.resolve(c.name + ".yml").toString(), "--detailed-exitcode");
        assertEquals(0, plan.code(), "trial " + trial + ": nothing left to do\n" + plan.both());
    }

    private static String tag(Instance i, String key) {
        return i.tags().stream().filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse(null);
    }
}
