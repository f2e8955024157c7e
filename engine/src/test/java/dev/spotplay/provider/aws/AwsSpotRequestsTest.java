package dev.spotplay.provider.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SpotInstanceRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * {@code provider.spot_api: spot-requests} on moto, which implements the classic spot API
 * (fulfilled at once; a cancelled request vanishes from DescribeSpotInstanceRequests while its
 * instance keeps running; ClientToken ignored). Calls are counted through the fault proxy.
 */
@Integration
class AwsSpotRequestsTest {
    @TempDir Path dir;

    private static Path classic(MotoCluster c, java.net.URI endpoint, int workers, String startTimeout) throws Exception {
        Path pb = c.playbook(endpoint, workers);
        Files.writeString(pb, Files.readString(pb).replace("  address: private\n", "  address: private\n  spot_api: spot-requests\n")
                .replace("start_timeout: 60s", "start_timeout: " + startTimeout));
        return pb;
    }

    @Test
    void aSpotGroupLaunchesWithOneRequestPerGroupAndDestroyLeavesNoRequestAndNoInstance() throws Exception {
        MotoCluster c = new MotoCluster(dir, "classic");
        c.withSteps = false;
        try (FaultProxy proxy = new FaultProxy(c.moto.url())) {
            Path pb = classic(c, proxy.url(), 3, "60s");
            MotoCluster.Result apply = c.run("apply", pb.toString(), "--yes");
            assertEquals(0, apply.code(), apply.both());
            Map<String, Integer> calls = proxy.counts();
            assertEquals(1, calls.get("RequestSpotInstances"), "one request call for the spot group: " + calls);
            assertEquals(1, calls.get("RunInstances"), "the on-demand head still uses RunInstances: " + calls);
            assertTrue(calls.get("DescribeSpotInstanceRequests") <= 4, "one describe per round (and one sweep): " + calls);
            assertEquals(List.of("head001", "worker001", "worker002", "worker003"), c.liveNames());

            List<SpotInstanceRequest> requests = requests(c);
            assertEquals(3, requests.size(), requests.toString());
            Map<String, String> nodeOfInstance = c.moto.live(c.name).stream()
                    .collect(Collectors.toMap(Instance::instanceId, i -> Instances.read(i).name()));
            for (SpotInstanceRequest r : requests) {
                assertEquals("active", r.stateAsString());
                Map<String, String> tags = tags(r.tags());
                assertEquals("worker", tags.get(Tags.GROUP), tags.toString());
                assertTrue(tags.get(Tags.BATCH).startsWith("spotplay-"), tags.toString());
                assertTrue(nodeOfInstance.get(r.instanceId()).startsWith("worker"), "each request's instance is a named node");
            }
            for (Instance i : c.moto.live(c.name)) {
                if ("worker".equals(Instances.read(i).group())) {
                    assertEquals("spot", i.instanceLifecycleAsString());
                    assertEquals(c.name + "-" + Instances.read(i).name(), tags(i.tags()).get("Name"));
                }
            }
            assertEquals(0, c.run("plan", pb.toString(), "--detailed-exitcode").code(), "as launched: nothing to do");

            // A crash right after fulfilment, before tagging: a request of ours whose instance has no tags.
            String orphan = c.moto.ec2().requestSpotInstances(b -> b.instanceCount(1).launchSpecification(s -> s
                    .imageId(c.moto.image()).instanceType("c5.large").subnetId(c.net.subnetA()))
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SPOT_INSTANCES_REQUEST)
                            .tags(Tag.builder().key(Tags.CLUSTER).value(c.name).build(), Tag.builder().key(Tags.GROUP).value("worker").build())
                            .build())).spotInstanceRequests().get(0).instanceId();
            assertTrue(orphan != null && state(c, orphan).equals(InstanceStateName.RUNNING));

            MotoCluster.Result destroy = c.run("destroy", pb.toString(), "--yes");
            assertEquals(0, destroy.code(), destroy.both());
            assertEquals(List.of(), c.liveNames());
            assertEquals(List.of(), requests(c), "no request left");
            assertEquals(InstanceStateName.TERMINATED, state(c, orphan), "the untagged instance of a request went too");
        }
    }

    @Test
    void requestsStillOpenAtStartTimeoutAreCancelledAndReportedAndTheirInstancesTerminated() throws Exception {
        MotoCluster c = new MotoCluster(dir, "pending");
        c.withSteps = false;
        try (FaultProxy proxy = new FaultProxy(c.moto.url())) {
            Path pb = classic(c, proxy.url(), 2, "4s");
            // moto fulfils at once; the proxy makes the requests look open and unfulfilled (with the instance moto made).
            proxy.rewrite(FaultProxy.action("DescribeSpotInstanceRequests"), body -> body
                    .replace("<state>active</state>", "<state>open</state>").replace("<code>fulfilled</code>", "<code>pending-fulfillment</code>"));
            MotoCluster.Result apply = c.run("apply", pb.toString(), "--yes");
            assertEquals(1, apply.code(), apply.both());
            assertTrue(apply.both().contains("still open after 4s (start_timeout; last open, pending-fulfillment); cancelled"), apply.both());
            assertEquals(List.of("head001"), c.liveNames(), "no worker instance is left running");
            assertEquals(List.of(), requests(c), "the open requests were cancelled");
            assertTrue(proxy.count("CancelSpotInstanceRequests") >= 1, proxy.counts().toString());
            for (Instance i : allInstances(c)) {
                if (!"head".equals(Instances.read(i).group())) {
                    assertEquals(InstanceStateName.TERMINATED, i.state().name(), "moto forgot the cancelled request; its instance went anyway");
                }
            }
            proxy.clearFaults();
            apply = c.run("apply", pb.toString(), "--yes");
            assertEquals(0, apply.code(), apply.both());
            assertEquals(List.of("head001", "worker001", "worker002"), c.liveNames());
            assertEquals(0, c.run("destroy", pb.toString(), "--yes").code());
            assertEquals(List.of(), requests(c));
        }
    }

    @Test
    void aRequestOpenWithoutCapacityIsGivenUpAtOnceInEachPoolNotAtTheTimeout() throws Exception {
        MotoCluster c = new MotoCluster(dir, "nocap");
        c.withSteps = false;
        try (FaultProxy proxy = new FaultProxy(c.moto.url())) {
            Path pb = classic(c, proxy.url(), 1, "10m");
            proxy.rewrite(FaultProxy.action("DescribeSpotInstanceRequests"), body -> body
                    .replace("<state>active</state>", "<state>open</state>").replace("<code>fulfilled</code>", "<code>capacity-not-available</code>"));
            MotoCluster.Result apply = c.run("apply", pb.toString(), "--yes");
            assertEquals(1, apply.code(), apply.both());
            assertTrue(apply.both().contains("not fulfilled (capacity-not-available); cancelled"), apply.both());
            // Both types (c5.large, c5a.large) in every round: one request call per attempt, none left open.
            assertEquals(2 * (Launcher.PARTIAL_ROUNDS + 1), proxy.count("RequestSpotInstances"), proxy.counts().toString());
            assertEquals(List.of("head001"), c.liveNames());
            assertEquals(List.of(), requests(c));
            assertEquals(0, c.run("destroy", pb.toString(), "--yes").code());
        }
    }

    @Test
    void aLostRequestResponseLeavesNoSecondInstanceUnderAName() throws Exception {
        MotoCluster c = new MotoCluster(dir, "lost");
        c.withSteps = false;
        try (FaultProxy proxy = new FaultProxy(c.moto.url())) {
            Path pb = classic(c, proxy.url(), 2, "60s");
            proxy.loseResponse(FaultProxy.action("RequestSpotInstances"), 1);
            MotoCluster.Result apply = c.run("apply", pb.toString(), "--yes");
            assertEquals(0, apply.code(), apply.both());
            assertTrue(proxy.count("RequestSpotInstances") >= 2, "the SDK retried the lost call: " + proxy.counts());
            assertEquals(List.of("head001", "worker001", "worker002"), c.liveNames(), "one machine per name");
            assertEquals(2, requests(c).size(), "the requests of the lost answer were cancelled: " + requests(c));
            long running = allInstances(c).stream().filter(i -> i.state().name() == InstanceStateName.RUNNING).count();
            assertEquals(3, running, "and their instances terminated");
            assertEquals(0, c.run("destroy", pb.toString(), "--yes").code());
            assertEquals(List.of(), requests(c));
        }
    }

    /** The cluster's spot requests moto still lists (it forgets cancelled ones). */
    /**
     * destroy --target of one node, then of the group: the targets' spot requests are cancelled
     * with their instances (moto then forgets them), the others' stay active with theirs, and
     * the head (on-demand, no request) stays.
     */
    @Test
    void destroyTargetCancelsTheTargetsSpotRequestsAndLeavesTheOthers() throws Exception {
        MotoCluster c = new MotoCluster(dir, "target");
        c.withSteps = false;
        try (FaultProxy proxy = new FaultProxy(c.moto.url())) {
            Path pb = classic(c, proxy.url(), 3, "60s");
            assertEquals(0, c.run("apply", pb.toString(), "--yes").code());
            Map<String, String> requestOfNode = new java.util.TreeMap<>();
            Map<String, String> nodeOfInstance = c.moto.live(c.name).stream()
                    .collect(Collectors.toMap(Instance::instanceId, i -> Instances.read(i).name()));
            requests(c).forEach(r -> requestOfNode.put(nodeOfInstance.get(r.instanceId()), r.spotInstanceRequestId()));
            assertEquals(List.of("worker001", "worker002", "worker003"), List.copyOf(requestOfNode.keySet()));

            proxy.resetCounts();
            MotoCluster.Result one = c.run("destroy", pb.toString(), "--yes", "--target", "worker002");
            assertEquals(0, one.code(), one.both());
            assertEquals(1, proxy.count("CancelSpotInstanceRequests"), proxy.counts().toString());
            assertEquals(List.of("head001", "worker001", "worker003"), c.liveNames());
            List<String> left = requests(c).stream().filter(r -> "open".equals(r.stateAsString()) || "active".equals(r.stateAsString()))
                    .map(SpotInstanceRequest::spotInstanceRequestId).sorted().toList();
            assertEquals(List.of(requestOfNode.get("worker001"), requestOfNode.get("worker003")).stream().sorted().toList(), left,
                    "worker002's request is gone, the others stay");

            MotoCluster.Result group = c.run("destroy", pb.toString(), "--yes", "--target", "worker");
            assertEquals(0, group.code(), group.both());
            assertEquals(List.of("head001"), c.liveNames());
            assertEquals(List.of(), requests(c).stream().filter(r -> "open".equals(r.stateAsString()) || "active".equals(r.stateAsString()))
                    .map(SpotInstanceRequest::spotInstanceRequestId).toList(), "no request left for the group");
            assertEquals(0, c.run("destroy", pb.toString(), "--yes").code());
            assertEquals(List.of(), c.liveNames());
        }
    }

    private static List<SpotInstanceRequest> requests(MotoCluster c) {
        return c.moto.ec2().describeSpotInstanceRequests(b -> b.filters(Filter.builder().name("tag:" + Tags.CLUSTER).values(c.name).build()))
                .spotInstanceRequests();
    }

    private static List<Instance> allInstances(MotoCluster c) {
        return c.moto.ec2().describeInstances().reservations().stream().flatMap(r -> r.instances().stream()).toList();
    }

    private static InstanceStateName state(MotoCluster c, String id) {
        return c.moto.ec2().describeInstances(b -> b.instanceIds(id)).reservations().get(0).instances().get(0).state().name();
    }

    private static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
