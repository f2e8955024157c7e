package dev.spotplay.provider.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * A 3-worker group with {@code min_count: 2} whose instance type changes, on moto: apply
 * replaces the workers one wave at a time, each new machine launched and up before the one it
 * replaces is terminated. The oracle is moto itself, asked through the fault proxy's hook the
 * moment each TerminateInstances has been carried out (the only call that lowers the count):
 * how many workers are running then. With {@code replace: all-at-once} the same count drops to
 * none, so the check can fail.
 */
@Integration
class AwsWavesTest {
    @TempDir Path dir;

    @Test
    void aChangedInstanceTypeReplacesTheGroupInWavesKeepingMinCountUp() throws Exception {
        MotoCluster c = new MotoCluster(dir, "waves");
        c.withSteps = false;
        try (FaultProxy proxy = new FaultProxy(c.moto.url())) {
            List<Integer> runningAfterTerminate = Collections.synchronizedList(new ArrayList<>());
            List<String> calls = Collections.synchronizedList(new ArrayList<>());
            proxy.rewrite(call -> {
                if ("RunInstances".equals(call.action()) || "TerminateInstances".equals(call.action())) {
                    calls.add(call.action());
                }
                if ("TerminateInstances".equals(call.action())) {
                    runningAfterTerminate.add(workers(c).size());
                }
                return false;
            }, s -> s);
            Path pb = c.playbook(proxy.url(), 3, 2, List.of(c.net.subnetA()), null);
            MotoCluster.Result apply = c.run("apply", pb.toString(), "--yes");
            assertEquals(0, apply.code(), apply.both());
            Set<String> before = ids(workers(c));
            assertEquals(3, before.size());

            Files.writeString(pb, Files.readString(pb).replace("instance_type: [c5.large, c5a.large]", "instance_type: m5.large"));
            MotoCluster.Result plan = c.run("plan", pb.toString());
            assertTrue(plan.out().contains("-/+ node worker.worker001  (launch settings changed)"), plan.out());
            assertTrue(plan.out().contains("replacement worker: in 3 waves of 1 (worker001; then worker002; then worker003)"), plan.out());
            assertTrue(plan.out().contains("so at least 2 of 3 stay up"), plan.out());
            MotoCluster.Result json = c.run("plan", pb.toString(), "--json");
            assertTrue(json.out().contains("in 3 waves of 1"), json.out());

            calls.clear();
            runningAfterTerminate.clear();
            apply = c.run("apply", pb.toString(), "--yes");
            assertEquals(0, apply.code(), apply.both());
            assertTrue(apply.out().contains("worker: replacing worker002 (wave 2 of 3"), apply.out());
            assertEquals(List.of("RunInstances", "TerminateInstances", "RunInstances", "TerminateInstances", "RunInstances",
                    "TerminateInstances"), calls, "each wave launches, then terminates what it replaced");
            assertEquals(3, runningAfterTerminate.size(), runningAfterTerminate.toString());
            // Right after each old machine goes, the other two old or new ones still run: min_count kept.
            assertTrue(runningAfterTerminate.stream().allMatch(n -> n >= 2), runningAfterTerminate.toString());
            List<Instance> now = workers(c);
            assertEquals(List.of("worker001", "worker002", "worker003"), names(now), "one machine per name");
            assertTrue(now.stream().allMatch(i -> i.instanceTypeAsString().equals("m5.large") && !before.contains(i.instanceId())));
            assertEquals(List.of("head001", "worker001", "worker002", "worker003"), c.liveNames());
            assertEquals(0, c.run("plan", pb.toString(), "--detailed-exitcode").code(), "replaced as planned");

            // All at once, when asked: the old machines go first, and the group is down meanwhile.
            Files.writeString(pb, Files.readString(pb).replace("volume: { size_gb: 20, type: gp3 }",
                    "volume: { size_gb: 30, type: gp3 }\n    replace: all-at-once"));
            plan = c.run("plan", pb.toString());
            assertTrue(plan.out().contains("replacement worker: all at once"), plan.out());
            calls.clear();
            runningAfterTerminate.clear();
            apply = c.run("apply", pb.toString(), "--yes");
            assertEquals(0, apply.code(), apply.both());
            assertEquals(List.of("TerminateInstances", "RunInstances"), calls, calls.toString());
            assertEquals(List.of(0), runningAfterTerminate, "all at once keeps nothing up");
            assertEquals(List.of("worker001", "worker002", "worker003"), names(workers(c)));
            assertEquals(0, c.run("destroy", pb.toString(), "--yes").code());
        }
    }

    /**
     * A wave whose new machine cannot be launched (no capacity in the one pool) keeps the machine
     * it would have replaced, starts no later wave, and fails the apply; the state still knows
     * the old machines with their old settings, so the next plan replaces them again, and once
     * capacity is back the next apply finishes the job.
     */
    @Test
    void aFailedWaveKeepsItsOldMachinesAndStopsTheGroupsLaterWaves() throws Exception {
        MotoCluster c = new MotoCluster(dir, "wfail");
        c.withSteps = false;
        try (FaultProxy proxy = new FaultProxy(c.moto.url())) {
            Path pb = c.playbook(proxy.url(), 3, 1, List.of(c.net.subnetA()), null);
            assertEquals(0, c.run("apply", pb.toString(), "--yes").code());
            Set<String> before = ids(workers(c));
            Files.writeString(pb, Files.readString(pb).replace("instance_type: [c5.large, c5a.large]", "instance_type: m5.large"));
            MotoCluster.Result plan = c.run("plan", pb.toString());
            assertTrue(plan.out().contains("replacement worker: in 2 waves of 2 (worker001, worker002; then worker003)"), plan.out());

            proxy.error(FaultProxy.action("RunInstances"), 50, 500, "InsufficientInstanceCapacity");
            MotoCluster.Result apply = c.run("apply", pb.toString(), "--yes");
            proxy.clearFaults();
            assertEquals(1, apply.code(), apply.both());
            assertTrue(apply.both().contains("not replaced (launch failed"), apply.both());
            assertTrue(apply.both().contains("stays as it was"), apply.both());
            assertTrue(!apply.both().contains("accepted"), "kept machines are not missing ones: " + apply.both());
            assertTrue(apply.both().contains("not replaced: an earlier wave of worker failed"), apply.both());
            assertEquals(before, ids(workers(c)), "the old machines all run, none added");
            plan = c.run("plan", pb.toString());
            assertTrue(plan.out().contains("-/+ node worker.worker001  (launch settings changed)"), plan.out());
            assertTrue(plan.out().contains("instance_type: c5.large -> m5.large"), "the old settings are recorded: " + plan.out());

            apply = c.run("apply", pb.toString(), "--yes");
            assertEquals(0, apply.code(), apply.both());
            assertEquals(List.of("worker001", "worker002", "worker003"), names(workers(c)));
            assertTrue(workers(c).stream().allMatch(i -> i.instanceTypeAsString().equals("m5.large") && !before.contains(i.instanceId())));
            assertEquals(0, c.run("plan", pb.toString(), "--detailed-exitcode").code());
            assertEquals(0, c.run("destroy", pb.toString(), "--yes").code());
        }
    }

    /** The cluster's workers in state running (not pending, not shutting down). */
    static List<Instance> workers(MotoCluster c) {
        return c.moto.live(c.name).stream().filter(i -> "worker".equals(Instances.read(i).group())
                && "running".equals(i.state().nameAsString())).toList();
    }

    static List<String> names(List<Instance> instances) {
        return instances.stream().map(i -> Instances.read(i).name()).sorted().toList();
    }

    static Set<String> ids(List<Instance> instances) {
        return instances.stream().map(Instance::instanceId).collect(Collectors.toSet());
    }
}
