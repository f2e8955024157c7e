package dev.spotplay.provider.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;

/**
 * autostop on moto: what a shutdown from inside does is set at launch
 * (DescribeInstanceAttribute's instanceInitiatedShutdownBehavior: terminate for action terminate,
 * EC2's stop otherwise), it is a launch setting that changes in place (ModifyInstanceAttribute,
 * planned {@code ~}), and the agent is installed over SSH on each node (the instances' sshd, into
 * the fixture's stand-in for {@code /}) as the group's first step.
 */
@Integration
class AwsAutostopTest {
    @TempDir Path dir;

    private Path playbook(MotoCluster c, String dbAction) throws Exception {
        Path file = dir.resolve("autostop.yml");
        Files.writeString(file, """
                name: %s
                provider: { type: aws, region: us-east-1, endpoint: %s, subnet: [%s], address: private }
                ssh: { user: %s, port: %d, connect_timeout: 5s, start_timeout: 60s, allow_from: [127.0.0.1/32] }
                groups:
                  head:
                    count: 1
                    market: on-demand
                    instance_type: t3.small
                    image: %s
                    autostop: { idle: 1h, action: terminate }
                  db:
                    count: 1
                    market: on-demand
                    instance_type: t3.small
                    image: %s
                    autostop: { idle: 1h, action: %s }
                  worker:
                    count: 1
                    instance_type: c5.large
                    image: %s
                """.formatted(c.name, c.moto.url(), c.net.subnetA(), c.instances.user(), c.instances.port(), c.moto.image(),
                c.moto.image(), dbAction, c.moto.image()));
        return file;
    }

    private static String shutdownBehavior(MotoCluster c, String group) {
        String id = c.moto.live(c.name).stream().filter(i -> group.equals(Instances.read(i).group())).findFirst().orElseThrow().instanceId();
        return c.moto.ec2().describeInstanceAttribute(b -> b.instanceId(id).attribute(InstanceAttributeName.INSTANCE_INITIATED_SHUTDOWN_BEHAVIOR))
                .instanceInitiatedShutdownBehavior().value();
    }

    @Test
    void theShutdownBehaviourIsSetAtLaunchAndChangedInPlaceAndTheAgentInstalled() throws Exception {
        MotoCluster c = new MotoCluster(dir, "autostop");
        Path root = c.instances.autostopRoot();
        Path pb = playbook(c, "stop");
        MotoCluster.Result apply = c.run("apply", pb.toString(), "--yes");
        assertEquals(0, apply.code(), apply.both());
        assertEquals("terminate", shutdownBehavior(c, "head"));
        assertEquals("stop", shutdownBehavior(c, "db"));
        assertEquals("stop", shutdownBehavior(c, "worker"), "no autostop: EC2's default, not sent");

        assertEquals(AutostopAgent.agent(), Files.readString(root.resolve(AutostopAgent.PATH.substring(1))), "installed over SSH");
        assertTrue(Files.readString(root.resolve("etc/cron.d/spotplay-autostop")).contains(AutostopAgent.PATH + " 3600 " + c.instances.port()),
                "run once a minute with the idle seconds and the node's SSH port");
        assertEquals(0, c.run("plan", pb.toString(), "--detailed-exitcode").code(), "as launched and set up: nothing to do");

        // action stop -> terminate on a running on-demand node: in place, the agent's step unchanged.
        playbook(c, "terminate");
        MotoCluster.Result plan = c.run("plan", pb.toString());
        assertTrue(plan.out().contains("~ node db.db001"), plan.out());
        assertTrue(plan.out().contains("shutdown_behavior: stop -> terminate"), plan.out());
        assertFalse(plan.out().contains("-/+"), "nothing is replaced for it: " + plan.out());
        assertFalse(plan.out().contains("> run"), "the agent's step did not change: " + plan.out());
        String db = c.moto.live(c.name).stream().filter(i -> "db".equals(Instances.read(i).group())).findFirst().orElseThrow().instanceId();
        apply = c.run("apply", pb.toString(), "--yes");
        assertEquals(0, apply.code(), apply.both());
        assertEquals("terminate", shutdownBehavior(c, "db"));
        assertEquals(db, c.moto.live(c.name).stream().filter(i -> "db".equals(Instances.read(i).group())).findFirst().orElseThrow()
                .instanceId(), "the same machine");
        assertEquals(0, c.run("plan", pb.toString(), "--detailed-exitcode").code());
        assertEquals(0, c.run("destroy", pb.toString(), "--yes").code());
    }
}
