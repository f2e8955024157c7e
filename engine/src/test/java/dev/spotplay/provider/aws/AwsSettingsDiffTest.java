package dev.spotplay.provider.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * A running cluster on moto whose machine settings change: a changed tag is updated in place on
 * the instances and their volumes, a changed instance type replaces the nodes under their names,
 * {@code --replace} replaces one that did not change; each time the plan says so with the
 * attribute's before and after, and once applied, plans nothing.
 */
@Integration
class AwsSettingsDiffTest {
    @TempDir Path dir;

    @Test
    void changedMachineSettingsArePlannedAndApplied() throws Exception {
        MotoCluster c = new MotoCluster(dir, "diff");
        c.withSteps = false;
        Path pb = c.playbook(c.moto.url(), 2);
        MotoCluster.Result apply = c.run("apply", pb.toString(), "--yes");
        assertEquals(0, apply.code(), apply.both());
        assertEquals(0, c.run("plan", pb.toString(), "--detailed-exitcode").code(), "settings as launched plan nothing");
        Set<String> before = ids(c);
        namedPerNode(c);

        // A crash right after a batch launch leaves the per-node tags out: the next apply gives them.
        Instance w2 = workers(c).stream().filter(i -> "worker002".equals(Instances.read(i).name())).findFirst().orElseThrow();
        c.moto.ec2().deleteTags(b -> b.resources(w2.instanceId()).tags(Tag.builder().key(Tags.NODE).build(),
                Tag.builder().key("Name").build()));
        assertEquals(null, tags(c.moto.ec2().describeInstances(b -> b.instanceIds(w2.instanceId())).reservations().get(0)
                .instances().get(0).tags()).get(Tags.NODE));
        assertEquals(0, c.run("apply", pb.toString(), "--yes").code());
        namedPerNode(c);

        // A tag: in place, on the instances and their volumes; nothing is replaced.
        Files.writeString(pb, Files.readString(pb).replace("tags: { team: test }", "tags: { team: ml, cost: research }"));
        MotoCluster.Result plan = c.run("plan", pb.toString(), "--detailed-exitcode");
        assertEquals(2, plan.code(), plan.both());
        assertTrue(plan.out().contains("~ node worker.worker001  (launch settings changed)"), plan.both());
        assertTrue(plan.out().contains("tags: {\"team\":\"test\"} -> {\"cost\":\"research\",\"team\":\"ml\"}"), plan.out());
        assertTrue(plan.out().contains("2 to update in place"), plan.out());
        MotoCluster.Result json = c.run("plan", pb.toString(), "--json");
        assertTrue(json.out().contains("\"action\":\"update\"") && json.out().contains("\"name\":\"tags\""), json.out());
        apply = c.run("apply", pb.toString(), "--yes");
        assertEquals(0, apply.code(), apply.both());
        assertEquals(before, ids(c), "an update replaces nothing");
        for (Instance i : workers(c)) {
            Map<String, String> tags = tags(i.tags());
            assertEquals("ml", tags.get("team"), tags.toString());
            assertEquals("research", tags.get("cost"), tags.toString());
            String volume = i.blockDeviceMappings().get(0).ebs().volumeId();
            Map<String, String> vt = tags(c.moto.ec2().describeVolumes(b -> b.volumeIds(volume)).volumes().get(0).tags());
            assertEquals("ml", vt.get("team"), "the volume follows: " + vt);
        }
        assertEquals(0, c.run("plan", pb.toString(), "--detailed-exitcode").code(), "the update is recorded");

        // The instance types: the workers are replaced under their names; the head stays.
        Files.writeString(pb, Files.readString(pb).replace("instance_type: [c5.large, c5a.large]", "instance_type: m5.large"));
        plan = c.run("plan", pb.toString());
        assertTrue(plan.out().contains("-/+ node worker.worker001  (launch settings changed)"), plan.out());
        // The node records the type chosen for it (here c5.large, the first of the list), and the plan shows it.
        assertTrue(plan.out().contains("instance_type: c5.large -> m5.large"), plan.out());
        assertTrue(!plan.out().contains("head.head001"), plan.out());
        apply = c.run("apply", pb.toString(), "--yes");
        assertEquals(0, apply.code(), apply.both());
        assertEquals(List.of("head001", "worker001", "worker002"), c.liveNames(), "the same names, one machine each");
        for (Instance i : workers(c)) {
            assertEquals("m5.large", i.instanceTypeAsString());
            assertTrue(!before.contains(i.instanceId()), "a new machine");
        }
        assertEquals(0, c.run("plan", pb.toString(), "--detailed-exitcode").code(), "replaced as asked");
        // A list that grows still holds the type each node has: nothing to replace.
        Files.writeString(pb, Files.readString(pb).replace("instance_type: m5.large", "instance_type: [m5.large, m5a.large]"));
        MotoCluster.Result grown = c.run("plan", pb.toString(), "--detailed-exitcode");
        assertEquals(0, grown.code(), "a type still allowed is kept:\n" + grown.out());

        // --replace: a node nothing changed about.
        String head = c.moto.live("diff").stream().filter(i -> "head001".equals(Instances.read(i).name())).findFirst().orElseThrow().instanceId();
        MotoCluster.Result unknown = c.run("plan", pb.toString(), "--replace", "head009");
        assertEquals(1, unknown.code(), unknown.both());
        assertTrue(unknown.err().contains("--replace head009: the cluster has no node of that name"), unknown.err());
        plan = c.run("plan", pb.toString(), "--replace", "head001");
        assertTrue(plan.out().contains("-/+ node head.head001  (--replace)"), plan.out());
        apply = c.run("apply", pb.toString(), "--yes", "--replace", "head001");
        assertEquals(0, apply.code(), apply.both());
        String newHead = c.moto.live("diff").stream().filter(i -> "head001".equals(Instances.read(i).name())).findFirst().orElseThrow().instanceId();
        assertNotEquals(head, newHead);
        assertEquals(0, c.run("destroy", pb.toString(), "--yes").code());
    }

    /**
     * Nodes whose records hold no launch settings (launched by a spotplay that did not record
     * them, or adopted) are compared by what the machine itself shows: a changed instance type
     * is still planned, and the plan names the settings it cannot compare. Once replaced, the
     * records are whole and the note goes.
     */
    @Test
    void nodesWithoutRecordedSettingsAreComparedByWhatTheMachineShows() throws Exception {
        MotoCluster c = new MotoCluster(dir, "old");
        c.withSteps = false;
        Path pb = c.playbook(c.moto.url(), 2);
        assertEquals(0, c.run("apply", pb.toString(), "--yes").code());
        try (dev.spotplay.state.StateStore s = dev.spotplay.state.StateBackends.defaultFor(dir, "old").openForUpdate("old",
                new dev.spotplay.state.Holder("test", "t", "h", 1, java.time.Instant.now()), java.time.Duration.ZERO)) {
            for (dev.spotplay.state.NodeRecord r : s.nodes()) {
                s.saveNode(r.toBuilder().launch(Map.of()).build());
            }
        }

        MotoCluster.Result same = c.run("plan", pb.toString(), "--detailed-exitcode");
        assertEquals(0, same.code(), "what the machines show matches the playbook:\n" + same.both());
        assertTrue(same.out().contains("not recorded, so not compared: "), same.out());
        assertTrue(same.out().contains("volume") && same.out().contains("user_data"), same.out());
        String note = same.out().substring(same.out().indexOf("not recorded, so not compared: "));
        assertTrue(!note.substring(0, note.indexOf('\n')).contains("instance_type"), "the type is read off the machine: " + note);

        Files.writeString(pb, Files.readString(pb).replace("instance_type: [c5.large, c5a.large]", "instance_type: m5.large"));
        MotoCluster.Result plan = c.run("plan", pb.toString());
        assertTrue(plan.out().contains("-/+ node worker.worker001  (launch settings changed)"), plan.out());
        assertTrue(plan.out().contains("instance_type: c5.large -> m5.large"), plan.out());
        assertEquals(0, c.run("apply", pb.toString(), "--yes").code());
        for (Instance i : workers(c)) {
            assertEquals("m5.large", i.instanceTypeAsString());
        }
        MotoCluster.Result after = c.run("plan", pb.toString(), "--detailed-exitcode");
        assertEquals(0, after.code(), after.both());
        String left = after.out().lines().filter(l -> l.contains("not recorded, so not compared: ")).findFirst().orElse("");
        assertTrue(left.contains("of head001 (") && !left.contains("worker"), "the replaced workers record their settings in full:\n" + after.out());
        assertEquals(0, c.run("destroy", pb.toString(), "--yes").code());
    }

    /** Every instance (and its volume) carries its node's name, as people look for it in the console. */
    private static void namedPerNode(MotoCluster c) {
        for (Instance i : c.moto.live(c.name)) {
            String node = Instances.read(i).name();
            Map<String, String> tags = tags(i.tags());
            assertEquals(node, tags.get(Tags.NODE), tags.toString());
            assertEquals(c.name + "-" + node, tags.get("Name"), tags.toString());
            String volume = i.blockDeviceMappings().get(0).ebs().volumeId();
            Map<String, String> vt = tags(c.moto.ec2().describeVolumes(b -> b.volumeIds(volume)).volumes().get(0).tags());
            assertEquals(node, vt.get(Tags.NODE), vt.toString());
        }
    }

    private static List<Instance> workers(MotoCluster c) {
        return c.moto.live(c.name).stream().filter(i -> "worker".equals(Instances.read(i).group())).toList();
    }

    private static Set<String> ids(MotoCluster c) {
        return c.moto.live(c.name).stream().map(Instance::instanceId).collect(Collectors.toSet());
    }

    private static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
