package dev.spotplay.provider.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.Integration;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stop and start on moto: an on-demand node is paused (plan shows it stopped, never gone, and
 * replaces nothing), a spot one is refused with why, and start brings the same machine back,
 * which the next plan and apply find as it was.
 */
@Integration
class AwsPauseTest {
    @TempDir Path dir;

    @Test
    void anOnDemandNodeIsPausedAndResumedASpotOneIsRefused() throws Exception {
        MotoCluster c = new MotoCluster(dir, "pause");
        c.withSteps = false;
        Path pb = c.playbook(c.moto.url(), 1);
        assertEquals(0, c.run("apply", pb.toString(), "--yes").code());
        String head = id(c, "head001");

        MotoCluster.Result spot = c.run("stop", pb.toString(), "worker", "--yes");
        assertEquals(1, spot.code(), spot.both());
        assertTrue(spot.err().contains("Cannot stop worker001: EC2 stops a spot instance only when it belongs to a persistent"),
                spot.err());
        assertEquals("running", state(c, id(c, "worker001")));

        MotoCluster.Result stop = c.run("stop", pb.toString(), "head", "--yes");
        assertEquals(0, stop.code(), stop.both());
        assertEquals("stopped", state(c, head));
        MotoCluster.Result plan = c.run("plan", pb.toString(), "--detailed-exitcode");
        assertEquals(0, plan.code(), "a stopped node is not gone: nothing to replace\n" + plan.both());
        assertTrue(plan.out().contains("stopped: head001"), plan.out());
        assertTrue(c.run("status", pb.toString()).out().contains("stopped"));

        MotoCluster.Result start = c.run("start", pb.toString(), "--yes");
        assertEquals(0, start.code(), start.both());
        assertEquals("running", state(c, head));
        assertEquals(head, id(c, "head001"), "the same machine");
        assertEquals(0, c.run("plan", pb.toString(), "--detailed-exitcode").code());
        MotoCluster.Result apply = c.run("apply", pb.toString(), "--yes");
        assertEquals(0, apply.code(), apply.both());
        assertEquals(0, c.run("destroy", pb.toString(), "--yes").code());
    }

    private static String id(MotoCluster c, String node) {
        return c.moto.ec2().describeInstances().reservations().stream().flatMap(r -> r.instances().stream())
                .filter(i -> node.equals(Instances.read(i).name()) && c.name.equals(Instances.read(i).tags().get(Tags.CLUSTER))
                        && !"terminated".equals(i.state().nameAsString()))
                .findFirst().orElseThrow().instanceId();
    }

    private static String state(MotoCluster c, String id) {
        return c.moto.ec2().describeInstances(b -> b.instanceIds(id)).reservations().get(0).instances().get(0).state().nameAsString();
    }
}
