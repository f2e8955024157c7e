package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.provider.aws.MotoCluster;
import dev.spotplay.testing.EndToEnd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * kill -9 of the built ./spotplay at random moments of {@code stop} and {@code start} on moto:
 * after each kill, running the same command again finishes it, and moto holds the very same
 * machines throughout, one per name, none terminated, none launched (a pause never replaces).
 * The rows go to dist/target/aws-pause-kill-test.txt.
 */
@EndToEnd
class AwsPauseKillIT {
    static final int TRIALS = 8;
    static final List<String> NAMES = List.of("head001", "worker001", "worker002", "worker003", "worker004");

    @TempDir Path dir;

    @BeforeAll
    static void built() throws IOException {
        Cli.markBuilt();
    }

    @Test
    void killMinus9DuringStopAndStartNeverReplacesLosesOrDoublesAMachine() throws Exception {
        MotoCluster c = new MotoCluster(dir, "pausekill");
        c.withSteps = false;
        Path pb = c.playbook(c.moto.url(), 4, 4, List.of(c.net.subnetA()), "market: on-demand");
        assertEquals(0, Cli.run(dir, "apply", pb.toString(), "--yes").code());
        Map<String, String> machines = machines(c);
        assertEquals(NAMES, List.copyOf(machines.keySet()));

        long seed = Long.getLong("spotplay.killSeed", System.nanoTime());
        Random random = new Random(seed);
        List<String> rows = new ArrayList<>();
        rows.add("seed " + seed);
        long typical = 0;
        for (int trial = 1; trial <= TRIALS; trial++) {
            String verb = trial % 2 == 1 ? "stop" : "start";
            String want = verb.equals("stop") ? "stopped" : "running";
            long t0 = System.currentTimeMillis();
            Process cli = Cli.start(dir, verb, pb.toString(), "--yes");
            boolean finished = cli.waitFor(200 + random.nextInt((int) Math.max(800, typical)), TimeUnit.MILLISECONDS);
            long killAt = System.currentTimeMillis() - t0;
            if (!finished) {
                cli.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            String last = lastLine(Cli.read(dir, "out"));
            assertEquals(machines, machines(c), "trial " + trial + ": right after the kill of " + verb + ", the same machines, one per name");

            long again0 = System.currentTimeMillis();
            Cli.Result again = Cli.run(dir, verb, pb.toString(), "--yes");
            typical = Math.max(typical, System.currentTimeMillis() - again0);
            assertEquals(0, again.code(), "trial " + trial + ": " + verb + " again\n" + again.both());
            assertEquals(machines, machines(c), "trial " + trial + ": the same machines after " + verb + " finished");
            for (Instance i : all(c)) {
                assertEquals(want, i.state().nameAsString(), "trial " + trial + ": " + name(i) + " after " + verb);
            }
            Cli.Result plan = Cli.run(dir, "plan", pb.toString(), "--detailed-exitcode");
            assertEquals(0, plan.code(), "trial " + trial + ": a paused or resumed cluster plans nothing\n" + plan.both());
            rows.add(String.format(Locale.ROOT, "%-3d %-6s %-6s at %5d ms, last line: %s", trial, verb,
                    finished ? "done" : "killed", killAt, last.length() > 60 ? last.substring(0, 60) : last));
        }
        Cli.Result destroy = Cli.run(dir, "destroy", pb.toString(), "--yes");
        assertEquals(0, destroy.code(), destroy.both());
        assertEquals(List.of(), c.liveNames());
        Path report = Cli.ROOT.resolve("dist/target/aws-pause-kill-test.txt");
        Files.write(report, rows);
        rows.forEach(System.out::println);
        assertTrue(rows.stream().anyMatch(r -> r.contains("killed")), "at least one kill landed mid-command: " + rows);
    }

    /** Every instance of the cluster not terminated (running, stopping, stopped, pending), by node name; a second one under a name fails. */
    private static Map<String, String> machines(MotoCluster c) {
        Map<String, String> out = new TreeMap<>();
        for (Instance i : all(c)) {
            String previous = out.put(name(i), i.instanceId());
            assertEquals(null, previous, "two machines under " + name(i));
        }
        return out;
    }

    private static List<Instance> all(MotoCluster c) {
        return c.moto.ec2().describeInstances().reservations().stream().flatMap(r -> r.instances().stream())
                .filter(i -> i.tags().stream().anyMatch(t -> t.key().equals("spotplay:cluster") && t.value().equals(c.name)))
                .filter(i -> !List.of("terminated", "shutting-down").contains(i.state().nameAsString())).toList();
    }

    private static String name(Instance i) {
        return i.tags().stream().filter(t -> t.key().equals("spotplay:node")).map(Tag::value).findFirst().orElse("?");
    }

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }
}
