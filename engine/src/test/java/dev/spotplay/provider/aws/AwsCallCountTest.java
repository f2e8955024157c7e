package dev.spotplay.provider.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many EC2 API calls an apply of 2 groups × 20 nodes makes on moto, counted by the proxy:
 * one launch call per group, one describe per poll round for the whole cluster, never one
 * call per node. The figures go to engine/target/aws-calls.txt (bench/aws-calls.sh prints them;
 * {@code bench/aws-calls.sh 120} sets the group size with {@code -Dspotplay.calls.perGroup}).
 */
@Integration
class AwsCallCountTest {
    static final int BUDGET = 16;
    static final int PER_GROUP = Integer.getInteger("spotplay.calls.perGroup", 20);

    @TempDir Path dir;

    @Test
    void anApplyOfTwoGroupsMakesAFewCallsNotOnePerNode() throws Exception {
        int nodes = 2 * PER_GROUP;
        MotoCluster c = new MotoCluster(dir, "calls");
        try (FaultProxy proxy = new FaultProxy(c.moto.url())) {
            String image = c.moto.image();
            Path pb = dir.resolve("calls.yml");
            Files.writeString(pb, """
                    name: calls
                    provider: { type: aws, region: us-east-1, endpoint: %s, subnet: [%s], address: private }
                    ssh: { user: %s, port: %d, start_timeout: 60s }
                    groups:
                      alpha: { count: %d, instance_type: c5.large, image: %s }
                      beta:  { count: %d, instance_type: [m5.large, m5a.large], image: %s, volume: { size_gb: 30 } }
                    """.formatted(proxy.url(), c.net.subnetA(), c.instances.user(), c.instances.port(), PER_GROUP, image, PER_GROUP, image));
            long t0 = System.currentTimeMillis();
            MotoCluster.Result apply = c.run("apply", pb.toString(), "--yes");
            long millis = System.currentTimeMillis() - t0;
            assertEquals(0, apply.code(), apply.both());
            assertEquals(nodes, c.liveNames().size());
            Map<String, Integer> applyCalls = proxy.counts();
            int total = proxy.ec2Calls();
            proxy.resetCounts();
            MotoCluster.Result plan = c.run("plan", pb.toString(), "--detailed-exitcode");
            assertEquals(0, plan.code(), plan.both());
            int planCalls = proxy.ec2Calls();

            List<String> report = new ArrayList<>();
            report.add("EC2 API calls of `apply` for 2 groups x " + PER_GROUP + " nodes on moto (through the counting proxy):");
            applyCalls.forEach((action, n) -> report.add(String.format("  %-32s %3d", action, n)));
            report.add(String.format("  %-32s %3d", "total EC2", total));
            report.add("apply took " + millis + " ms (" + nodes + " instances launched, each reached over SSH; load average "
                    + String.format("%.1f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()) + ")");
            report.add("launch calls per group: " + applyCalls.get("RunInstances") / 2.0 + "; DescribeInstances (one per poll round, for the"
                    + " whole cluster): " + applyCalls.getOrDefault("DescribeInstances", 0) + ", i.e. " + String.format("%.3f",
                    applyCalls.getOrDefault("DescribeInstances", 0) / (double) nodes) + " per node");
            report.add("a no-op `plan` afterwards: " + planCalls + " EC2 calls");
            Files.write(Path.of("target", "aws-calls.txt"), report);
            report.forEach(System.out::println);

            assertEquals(2, applyCalls.get("RunInstances"), "one launch call per group");
            // One CreateTags per node is the price of a Name per node (CreateTags sets one set of tags on many
            // resources); everything else stays O(groups).
            assertEquals(nodes, applyCalls.get("CreateTags"), "one CreateTags per node launched in a batch, for its Name: " + applyCalls);
            assertTrue(total - applyCalls.get("CreateTags") <= BUDGET,
                    "beside the per-node names, an apply makes at most " + BUDGET + " EC2 calls, not one per node: " + applyCalls);
        }
    }

    /** The classic spot API keeps it so: one RequestSpotInstances per group, one describe of the requests per round. */
    @Test
    void withSpotRequestsTooTheLaunchCallsStayPerGroup() throws Exception {
        MotoCluster c = new MotoCluster(dir, "classic-calls");
        try (FaultProxy proxy = new FaultProxy(c.moto.url())) {
            String image = c.moto.image();
            Path pb = dir.resolve("classic-calls.yml");
            Files.writeString(pb, """
                    name: classic-calls
                    provider: { type: aws, region: us-east-1, endpoint: %s, subnet: [%s], address: private, spot_api: spot-requests }
                    ssh: { user: %s, port: %d, start_timeout: 60s }
                    groups:
                      alpha: { count: 20, instance_type: c5.large, image: %s }
                      beta:  { count: 20, instance_type: [m5.large, m5a.large], image: %s, volume: { size_gb: 30 } }
                    """.formatted(proxy.url(), c.net.subnetA(), c.instances.user(), c.instances.port(), image, image));
            MotoCluster.Result apply = c.run("apply", pb.toString(), "--yes");
            assertEquals(0, apply.code(), apply.both());
            assertEquals(40, c.liveNames().size());
            Map<String, Integer> calls = proxy.counts();
            int total = proxy.ec2Calls();
            System.out.println("EC2 API calls of `apply` for 2 spot groups x 20 nodes with spot_api: spot-requests: " + calls + ", total " + total);
            assertEquals(2, calls.get("RequestSpotInstances"), "one request call per group: " + calls);
            assertEquals(null, calls.get("RunInstances"), calls.toString());
            assertTrue(calls.get("DescribeSpotInstanceRequests") <= 2 * 3, "a sweep and a describe per round, per group: " + calls);
            assertEquals(40, calls.get("CreateTags"), "one CreateTags per node, for its tags: " + calls);
            assertTrue(total - calls.get("CreateTags") <= BUDGET + 6,
                    "beside the per-node tags, O(groups) calls, not one per node: " + calls);
            assertEquals(0, c.run("destroy", pb.toString(), "--yes").code());
        }
    }
}
