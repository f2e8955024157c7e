package dev.spotplay.provider.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * A cluster is owned by the state that launched it: a copy of the playbook in another folder (a
 * colleague's checkout, or this one after losing .spotplay/) sees the machines as another
 * state's, plans without adopting them, refuses to apply beside them and destroys none of them
 * (nor the key pair and security group they use); only --adopt takes them over.
 */
@Integration
class AwsOwnershipTest {
    @TempDir Path dirA;
    @TempDir Path dirB;

    @Test
    void anotherStatesCopyNeitherAdoptsNorDestroysTheCluster() throws Exception {
        MotoCluster alice = new MotoCluster(dirA, "owned");
        alice.withSteps = false;
        Path pbA = alice.playbook(alice.moto.url(), 1);
        assertEquals(0, alice.run("apply", pbA.toString(), "--yes").code());
        Set<String> machines = ids(alice);
        String lineage = lineageOf(alice.moto.live("owned").get(0));
        assertTrue(lineage != null && !lineage.isBlank(), "every instance carries its state's lineage");
        for (Instance i : alice.moto.live("owned")) {
            assertEquals(lineage, lineageOf(i));
        }

        // The same playbook in another folder: another state.
        Path pbB = dirB.resolve("owned.yml");
        Files.writeString(pbB, Files.readString(pbA).replace(dirA.toString(), dirB.toString()));
        alice.instances.trustKeysUnder(dirB);
        MotoCluster bob = alice; // commands run in this JVM; the playbook's folder decides the state
        MotoCluster.Result plan = bob.run("plan", pbB.toString());
        assertEquals(0, plan.code(), plan.both());
        assertTrue(plan.out().contains("not this state's: 2 machines tagged for this cluster"), plan.out());
        assertTrue(plan.out().contains("belong to another state (lineage " + lineage + ")"), plan.out());
        assertTrue(plan.out().contains("+ node head.head001"), "nothing adopted: " + plan.out());

        MotoCluster.Result apply = bob.run("apply", pbB.toString(), "--yes");
        assertEquals(1, apply.code(), apply.both());
        assertTrue(apply.err().contains("would launch a second cluster of the same name beside them, so nothing was changed"), apply.err());
        assertEquals(machines, ids(alice), "nothing launched");

        MotoCluster.Result destroy = bob.run("destroy", pbB.toString(), "--yes");
        assertEquals(0, destroy.code(), destroy.both());
        assertEquals(machines, ids(alice), "another state's destroy terminates none of them");
        assertEquals(1, alice.moto.ec2().describeKeyPairs(b -> b.keyNames("spotplay-owned")).keyPairs().size(), "their key pair stays");
        assertEquals(0, alice.run("plan", pbA.toString(), "--detailed-exitcode").code(), "the owner's cluster is as it was");

        // --adopt: bob takes the cluster over; the machines carry his lineage from then on.
        MotoCluster.Result adopt = bob.run("apply", pbB.toString(), "--yes", "--adopt");
        assertEquals(0, adopt.code(), adopt.both());
        assertEquals(machines, ids(alice), "adopted, not relaunched");
        String bobs = alice.moto.live("owned").stream().map(AwsOwnershipTest::lineageOf).collect(Collectors.toSet()).iterator().next();
        assertTrue(!bobs.equals(lineage), "retagged with the adopting state's lineage");
        assertEquals(0, bob.run("plan", pbB.toString(), "--detailed-exitcode").code(), "bob's now");
        assertEquals(0, bob.run("destroy", pbB.toString(), "--yes").code());
        assertEquals(List.of(), alice.liveNames());
    }

    private static String lineageOf(Instance i) {
        return i.tags().stream().filter(t -> t.key().equals(Tags.LINEAGE)).map(Tag::value).findFirst().orElse(null);
    }

    private static Set<String> ids(MotoCluster c) {
        return c.moto.live(c.name).stream().map(Instance::instanceId).collect(Collectors.toSet());
    }
}
