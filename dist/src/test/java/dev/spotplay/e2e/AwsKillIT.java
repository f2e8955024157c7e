package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.provider.aws.MotoCluster;
import dev.spotplay.testing.EndToEnd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * kill -9 of the built ./spotplay at random moments of an apply on moto, 24 times: after each,
 * a second apply finishes the job and moto holds exactly the desired instances (one per name,
 * none leaked, none duplicated); destroy then leaves none. Odd trials start from a destroyed
 * cluster (the kill lands in preparation, launch or setup), even ones from a cluster with two
 * instances terminated behind spotplay's back (the kill lands in termination or replacement).
 * The figures go to dist/target/aws-kill-test.txt.
 */
@EndToEnd
class AwsKillIT {
    static final int TRIALS = 24;
    static final List<String> MILESTONES = List.of("Plan:", "head: launching", "worker: launching", "launched (",
            "setting up", "changed=");
    static final List<String> DESIRED = List.of("head001", "worker001", "worker002", "worker003", "worker004");

    @TempDir Path dir;

    @BeforeAll
    static void built() throws IOException {
        Cli.markBuilt();
    }

    @Test
    void killMinus9AtRandomMomentsThenApplyLeavesExactlyTheDesiredInstances() throws Exception {
        MotoCluster c = new MotoCluster(dir, "kill");
        Path pb = c.playbook(c.moto.url(), 4);
        long seed = Long.getLong("spotplay.killSeed", System.nanoTime());
        Random random = new Random(seed);
        List<String> rows = new ArrayList<>();
        rows.add("seed " + seed);
        rows.add(String.format(Locale.ROOT, "%-5s %-12s %-22s %-8s %-48s %-6s %-6s %-6s", "trial", "start", "kill", "kill ms", "last line before the kill",
                "after", "dups", "final"));
        int maxAfterKill = 0;
        int finishedBeforeKill = 0;
        long t0 = System.currentTimeMillis();
        Cli.Result first = Cli.run(dir, "apply", pb.toString(), "--yes");
        long typicalMillis = System.currentTimeMillis() - t0;
        assertEquals(0, first.code(), first.both());
        for (int trial = 1; trial <= TRIALS; trial++) {
            String start;
            if (trial % 2 == 1) {
                Cli.Result d = Cli.run(dir, "destroy", pb.toString(), "--yes");
                assertEquals(0, d.code(), d.both());
                start = "destroyed";
            } else {
                List<Instance> live = new ArrayList<>(c.moto.live("kill"));
                Collections.shuffle(live, random);
                List<String> victims = live.subList(0, 2).stream().map(Instance::instanceId).toList();
                c.moto.ec2().terminateInstances(b -> b.instanceIds(victims));
                start = "2 terminated";
            }
            // Half the kills at a random moment of a typical apply, half just after a random milestone,
            // so every phase (plan, preparation, launch, wait, setup) gets its share.
            String milestone = trial % 4 < 2 ? MILESTONES.get(random.nextInt(MILESTONES.size())) : null;
            Cli.Killed kill = Cli.killDuring(dir, random, milestone, typicalMillis, "apply", pb.toString(), "--yes");
            boolean finished = kill.finished();
            long killAt = kill.atMillis();
            if (finished) {
                finishedBeforeKill++;
            }
            String out = Cli.read(dir, "out");
            String last = finished ? "(apply finished before the kill)" : lastLine(out);
            List<String> afterKill = c.liveNames();
            int dups = afterKill.size() - new HashSet<>(afterKill).size();
            maxAfterKill = Math.max(maxAfterKill, afterKill.size());

            Cli.Result again = Cli.run(dir, "apply", pb.toString(), "--yes");
            assertEquals(0, again.code(), "trial " + trial + ":\n" + again.both());
            List<String> now = c.liveNames();
            rows.add(String.format(Locale.ROOT, "%-5d %-12s %-22s %-8d %-48s %-6d %-6d %-6d", trial, start,
                    milestone == null ? "at random" : "after \"" + milestone + "\"", killAt,
                    last.length() > 48 ? last.substring(0, 48) : last, afterKill.size(), dups, now.size()));
            assertEquals(DESIRED, now, "trial " + trial + " (killed at " + killAt + " ms, after \"" + last + "\")");
            Cli.Result plan = Cli.run(dir, "plan", pb.toString(), "--detailed-exitcode");
            assertEquals(0, plan.code(), "trial " + trial + ": nothing left to do\n" + plan.both());
        }
        Cli.Result destroy = Cli.run(dir, "destroy", pb.toString(), "--yes", "--include-storage");
        assertEquals(0, destroy.code(), destroy.both());
        assertEquals(List.of(), c.liveNames(), "destroy leaves no instance");
        int ever = c.moto.ec2().describeInstances().reservations().stream().mapToInt(r -> r.instances().size()).sum();
        rows.add(String.format(Locale.ROOT, "%d trials (%d killed mid-apply, %d finished first; a full apply takes ~%d ms); "
                + "at most %d live instances right after a kill (desired %d); every re-apply ended with exactly the %d desired, "
                + "no duplicate, no leak; %d instances launched in all; destroy left 0.", TRIALS, TRIALS - finishedBeforeKill,
                finishedBeforeKill, typicalMillis, maxAfterKill, DESIRED.size(), DESIRED.size(), ever));
        Path report = Cli.ROOT.resolve("dist/target/aws-kill-test.txt");
        Files.write(report, rows);
        rows.forEach(System.out::println);
        assertTrue(maxAfterKill <= DESIRED.size(), "a kill never leaves more than the desired instances running");
    }

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }
}
