package dev.spotplay.provider.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The aws provider end to end on moto, with SSH that really happens (sshd on the instances'
 * 127.0.1.x addresses): apply, the tags, the key pair, the security group, EFS and its mount
 * step, a no-op plan, a spot interruption replaced under the same names, destroy.
 */
@Integration
class AwsLifecycleTest {
    @TempDir Path dir;

    @Test
    void applySetsUpEveryNodeThenDestroyKeepsStorageUnlessAsked() throws Exception {
        MotoCluster c = new MotoCluster(dir, "life");
        Path pb = c.playbook(c.moto.url(), 3);

        MotoCluster.Result plan = c.run("plan", pb.toString());
        assertEquals(0, plan.code(), plan.both());
        assertTrue(plan.out().contains("+ key_pair spotplay-life"), plan.out());
        // The rule opens the port spotplay logs in on (the playbook's ssh.port), not always 22.
        assertTrue(plan.out().contains("+ security_group spotplay-life  (SSH (tcp " + c.instances.port() + ") from 127.0.0.1/32"), plan.out());
        assertTrue(plan.out().contains("+ storage shared"), plan.out());
        assertTrue(plan.out().contains("Plan: 4 nodes to launch"), plan.out());

        MotoCluster.Result apply = c.run("apply", pb.toString(), "--yes");
        System.out.println(apply.both());
        assertEquals(0, apply.code(), apply.both());
        assertEquals(List.of("head001", "worker001", "worker002", "worker003"), c.liveNames());
        assertEquals(List.of("head001", "worker001", "worker002", "worker003"), c.setupLines(), "the step ran once on each node");

        Instance worker = c.moto.live("life").stream().filter(i -> "worker".equals(Instances.read(i).group())).findFirst().orElseThrow();
        Map<String, String> tags = worker.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
        assertEquals("life", tags.get(Tags.CLUSTER));
        assertEquals("test", tags.get("team"));
        assertTrue(tags.containsKey(Tags.CREATOR) && tags.containsKey(Tags.APPLY) && tags.containsKey(Tags.BATCH), tags.toString());
        assertEquals("spot", worker.instanceLifecycleAsString());
        assertEquals("spotplay-life", worker.keyName());
        var key = c.moto.ec2().describeKeyPairs(b -> b.keyNames("spotplay-life")).keyPairs().get(0);
        assertTrue(key.tags().stream().anyMatch(t -> t.key().equals(Tags.CLUSTER) && t.value().equals("life")), key.toString());
        var group = c.moto.ec2().describeSecurityGroups(b -> b.filters(Filter.builder().name("group-name").values("spotplay-life").build()))
                .securityGroups().get(0);
        assertTrue(group.tags().stream().anyMatch(t -> t.key().equals(Tags.CLUSTER)), group.toString());
        assertTrue(group.ipPermissions().stream().anyMatch(p -> Integer.valueOf(c.instances.port()).equals(p.fromPort())
                && p.ipRanges().stream().anyMatch(r -> r.cidrIp().equals("127.0.0.1/32"))), group.toString());
        assertTrue(group.ipPermissions().stream().anyMatch(p -> Integer.valueOf(2049).equals(p.fromPort())), "NFS for EFS: " + group);
        assertTrue(java.nio.file.Files.getPosixFilePermissions(dir.resolve(".spotplay/life/id_ed25519")).equals(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")), "the cluster key is 0600");
        assertTrue(worker.privateIpAddress().startsWith("127.0.1."), worker.privateIpAddress());

        var fs = c.moto.efs().describeFileSystems(b -> b.creationToken("spotplay-life-shared")).fileSystems();
        assertEquals(1, fs.size());
        String address = fs.get(0).fileSystemId() + ".efs.us-east-1.amazonaws.com";
        String fstab = Files.readString(c.instances.fstab());
        assertTrue(fstab.contains(address + ":/ " + dir.resolve("mnt/shared") + " nfs4 nfsvers=4.1,rsize=1048576,wsize=1048576,hard,"
                + "timeo=600,retrans=2,noresvport,_netdev 0 0"), fstab);
        assertEquals(1, c.moto.efs().describeMountTargets(b -> b.fileSystemId(fs.get(0).fileSystemId())).mountTargets().size());

        MotoCluster.Result again = c.run("plan", pb.toString(), "--detailed-exitcode");
        assertEquals(0, again.code(), again.both());

        Files.writeString(pb, Files.readString(pb).replace("allow_from: [127.0.0.1/32]", "allow_from: [127.0.0.2/32]"));
        MotoCluster.Result drift = c.run("plan", pb.toString(), "--detailed-exitcode");
        assertEquals(2, drift.code(), drift.both());
        assertTrue(drift.out().contains("~ security_group spotplay-life  (SSH (tcp " + c.instances.port() + ") from 127.0.0.2/32 added; from 127.0.0.1/32 removed)\n"
                + "        ssh_from: 127.0.0.1/32 -> 127.0.0.2/32\n"), drift.out());
        assertEquals(0, c.run("apply", pb.toString(), "--yes").code());
        assertEquals(0, c.run("plan", pb.toString(), "--detailed-exitcode").code(), "the rule now matches the playbook");

        MotoCluster.Result destroy = c.run("destroy", pb.toString(), "--yes");
        System.out.println(destroy.both());
        assertEquals(0, destroy.code(), destroy.both());
        assertTrue(destroy.out().contains("storage shared is kept"), destroy.out());
        assertEquals(List.of(), c.liveNames());
        assertEquals(1, c.moto.ec2().describeSecurityGroups(b -> b.filters(Filter.builder().name("group-name").values("spotplay-life").build()))
                .securityGroups().size(), "the security group stays with the kept EFS mount targets");
        assertTrue(c.moto.ec2().describeKeyPairs().keyPairs().stream().noneMatch(k -> k.keyName().equals("spotplay-life")));
        assertEquals(1, c.moto.efs().describeFileSystems(b -> b.creationToken("spotplay-life-shared")).fileSystems().size(),
                "EFS survives destroy");

        MotoCluster.Result all = c.run("destroy", pb.toString(), "--yes", "--include-storage");
        assertEquals(0, all.code(), all.both());
        assertTrue(all.out().contains("- security_group spotplay-life") && all.out().contains("- storage shared"), all.out());
        assertTrue(c.moto.efs().describeFileSystems(b -> b.creationToken("spotplay-life-shared")).fileSystems().isEmpty());
        assertTrue(c.moto.ec2().describeSecurityGroups(b -> b.filters(Filter.builder().name("group-name").values("spotplay-life").build()))
                .securityGroups().isEmpty(), "with the storage, the security group is removed");
    }

    @Test
    void everyChangeLosingItsFirstAnswerStillEndsWithExactlyWhatIsWanted() throws Exception {
        MotoCluster c = new MotoCluster(dir, "lossy");
        try (FaultProxy proxy = new FaultProxy(c.moto.url())) {
            Path pb = c.playbook(proxy.url(), 3);
            // Every call that changes something (EC2 and EFS) reaches moto, but its first answer is lost;
            // the SDK's retry of the very same request gets through.
            java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            proxy.loseResponse(call -> {
                boolean changes = call.action() != null ? !call.action().startsWith("Describe") : !call.method().equals("GET");
                return changes && seen.add(call.method() + " " + call.path() + " " + call.params());
            }, 1000);
            MotoCluster.Result apply = c.run("apply", pb.toString(), "--yes");
            assertEquals(0, apply.code(), apply.both());
            assertEquals(List.of("head001", "worker001", "worker002", "worker003"), c.liveNames());
            assertEquals(List.of("head001", "worker001", "worker002", "worker003"), c.setupLines());
            assertTrue(proxy.faultsPlayed() >= 8, "answers lost: " + proxy.faultsPlayed() + " of " + proxy.counts());

            MotoCluster.Result destroy = c.run("destroy", pb.toString(), "--yes", "--include-storage");
            assertEquals(0, destroy.code(), destroy.both());
            assertEquals(List.of(), c.liveNames());
            assertTrue(c.moto.efs().describeFileSystems(b -> b.creationToken("spotplay-lossy-shared")).fileSystems().isEmpty());
            assertTrue(c.moto.ec2().describeSecurityGroups(b -> b.filters(Filter.builder().name("group-name").values("spotplay-lossy")
                    .build())).securityGroups().isEmpty());
            assertTrue(c.moto.ec2().describeKeyPairs().keyPairs().stream().noneMatch(k -> k.keyName().equals("spotplay-lossy")));
        }
    }

    @Test
    void interruptedNodesAreReplacedUnderTheirNamesAndOnlyTheyAreSetUp() throws Exception {
        MotoCluster c = new MotoCluster(dir, "irq");
        Path pb = c.playbook(c.moto.url(), 4);
        assertEquals(0, c.run("apply", pb.toString(), "--yes").code());
        Files.delete(c.setupLog());

        List<String> victims = c.moto.live("irq").stream().filter(i -> List.of("worker002", "worker004").contains(Instances.read(i).name()))
                .map(Instance::instanceId).toList();
        assertEquals(2, victims.size());
        c.moto.ec2().terminateInstances(b -> b.instanceIds(victims));

        MotoCluster.Result plan = c.run("plan", pb.toString());
        System.out.println(plan.both());
        assertEquals(0, plan.code(), plan.both());
        assertTrue(plan.out().contains("-/+ node worker.worker002  (gone: terminated"), plan.out());
        assertTrue(plan.out().contains("-/+ node worker.worker004  (gone: terminated"), plan.out());
        assertTrue(plan.out().contains("Plan: 2 nodes to launch, 2 to terminate"), plan.out());

        MotoCluster.Result apply = c.run("apply", pb.toString(), "--yes");
        assertEquals(0, apply.code(), apply.both());
        assertEquals(List.of("head001", "worker001", "worker002", "worker003", "worker004"), c.liveNames());
        assertEquals(List.of("worker002", "worker004"), c.setupLines(), "setup ran on the replacements only");
        assertFalse(c.moto.live("irq").stream().anyMatch(i -> victims.contains(i.instanceId())));
        assertEquals(0, c.run("destroy", pb.toString(), "--yes", "--include-storage").code());
    }
}
