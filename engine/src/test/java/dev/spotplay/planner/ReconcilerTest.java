package dev.spotplay.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spotplay.provider.ObservedNode;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two live machines under one name: the recorded one is kept, the other is a duplicate to terminate. */
class ReconcilerTest {
    private static ObservedNode seen(String name, String id, boolean alive) {
        return new ObservedNode(name, "worker", id, "127.0.1.9", 22, "127.0.1.9", alive, alive ? null : "terminated");
    }

    private static NodeRecord recorded(String name, String id) {
        return NodeRecord.builder(name).group("worker").index(1).providerId(id).endpoint("127.0.1.9", 22).privateIp("127.0.1.9")
                .status(NodeStatus.RUNNING, null).launchToken("t").createdAt(Instant.EPOCH).build();
    }

    @Test
    void theRecordedMachineStaysAndTheOtherIsADuplicate() {
        var r = new Reconciler().reconcile(List.of(recorded("worker001", "i-b")),
                List.of(seen("worker001", "i-a", true), seen("worker001", "i-b", true)));
        assertEquals("i-b", r.nodes().get(0).providerId());
        assertEquals(1, r.duplicates().size());
        assertEquals("i-a", r.duplicates().get(0).node().providerId());
        assertEquals("i-b", r.duplicates().get(0).keptId());
    }

    @Test
    void unrecordedTwinsAdoptTheFirstSeenAndTerminateTheRest() {
        var r = new Reconciler().reconcile(List.of(),
                List.of(seen("worker001", "i-old", false), seen("worker001", "i-1", true), seen("worker001", "i-2", true),
                        seen("worker001", "i-3", true)));
        assertEquals("i-1", r.nodes().get(0).providerId());
        assertEquals(List.of("i-2", "i-3"), r.duplicates().stream().map(d -> d.node().providerId()).toList());
    }

    @Test
    void deadMachinesAreNeverDuplicates() {
        var r = new Reconciler().reconcile(List.of(recorded("worker001", "i-b")),
                List.of(seen("worker001", "i-a", false), seen("worker001", "i-b", true)));
        assertEquals(List.of(), r.duplicates());
    }

    @Test
    void anotherStatesMachinesAreSetApartNeitherAdoptedNorDuplicates() {
        var mine = new Reconciler.Ownership(java.util.Optional.of("L1"), false);
        var r = new Reconciler().reconcile(List.of(recorded("worker001", "i-a")), List.of(
                seen("worker001", "i-a", true).withLineage("L2"),   // recorded by id: ours whatever its tag says
                seen("worker001", "i-b", true).withLineage("L2"),   // another state's twin: not a duplicate to kill
                seen("worker002", "i-c", true).withLineage("L2"),   // another state's: not adopted
                seen("worker003", "i-d", true),                     // no lineage (an older build's): adopted
                seen("worker004", "i-e", true).withLineage("L1"),   // ours, unrecorded (a crash): adopted
                seen("worker005", "i-f", false).withLineage("L2")), mine);
        assertEquals(List.of("worker001", "worker003", "worker004"), r.nodes().stream().map(NodeRecord::name).toList());
        assertEquals(List.of(), r.duplicates());
        assertEquals(List.of("i-b", "i-c"), r.foreign().stream().map(ObservedNode::providerId).toList(), "live foreign ones only");

        var noState = new Reconciler().reconcile(List.of(), List.of(seen("worker001", "i-a", true).withLineage("L2")),
                new Reconciler.Ownership(java.util.Optional.empty(), false));
        assertEquals(List.of(), noState.nodes(), "a state with no lineage yet adopts no other state's machine");
        var adopt = new Reconciler().reconcile(List.of(), List.of(seen("worker001", "i-a", true).withLineage("L2")),
                new Reconciler.Ownership(java.util.Optional.of("L1"), true));
        assertEquals(List.of("worker001"), adopt.nodes().stream().map(NodeRecord::name).toList(), "--adopt takes them");
    }

    @Test
    void aRecordWithoutLaunchSettingsTakesWhatTheMachineShowsAndOneWithThemKeepsItsOwn() {
        java.util.Map<String, String> shown = java.util.Map.of("instance_type", "c5.large", "market", "spot");
        ObservedNode o = new ObservedNode("worker001", "worker", "i-a", "127.0.1.9", 22, "127.0.1.9", true, null, 0, null, false, shown);
        var bare = new Reconciler().reconcile(List.of(recorded("worker001", "i-a")), List.of(o));
        assertEquals(shown, bare.nodes().get(0).launch());
        assertEquals(1, bare.changed().size(), "the settings found are recorded");

        java.util.Map<String, String> launched = java.util.Map.of("instance_type", "c5.large", "market", "spot", "image", "ami-1");
        NodeRecord whole = recorded("worker001", "i-a").toBuilder().launch(launched).build();
        var kept = new Reconciler().reconcile(List.of(whole), List.of(o));
        assertEquals(launched, kept.nodes().get(0).launch(), "what was recorded at launch is more than the machine shows");
        assertEquals(List.of(), kept.changed());

        var adopted = new Reconciler().reconcile(List.of(), List.of(o));
        assertEquals(shown, adopted.nodes().get(0).launch(), "an adopted node is compared by what it shows");
    }

    /** The record a wave keeps for worker001 (its old machine, launched as c5.large). */
    private static java.util.Map<String, NodeRecord> replacing(String id) {
        NodeRecord old = recorded("worker001", id).toBuilder().hostKey("ssh-ed25519 AAAAold")
                .launch(java.util.Map.of("instance_type", "c5.large")).build();
        return java.util.Map.of("worker001", old);
    }

    /** worker001's record as a wave's launch intent left it: no machine yet, the new settings. */
    private static NodeRecord intent() {
        return NodeRecord.builder("worker001").group("worker").index(1).status(NodeStatus.LAUNCHING, "launch requested")
                .launchToken("t2").createdAt(Instant.EPOCH).launch(java.util.Map.of("instance_type", "m5.large")).build();
    }

    @Test
    void aWaveCutShortBeforeItsLaunchGetsItsOldMachineBackWithItsOldSettings() {
        var r = new Reconciler().reconcile(List.of(intent()), List.of(seen("worker001", "i-old", true)),
                Reconciler.Ownership.ANY, replacing("i-old"));
        NodeRecord n = r.nodes().get(0);
        assertEquals("i-old", n.providerId());
        assertEquals("c5.large", n.launch().get("instance_type"), "so the plan replaces it again");
        assertEquals("ssh-ed25519 AAAAold", n.hostKey(), "its pinned key kept");
        assertEquals(List.of(n), r.changed(), "written back over the intent");
        assertEquals(List.of(), r.duplicates());
        // Without the wave's record, the old machine would be taken for the new one, with the new settings.
        var blind = new Reconciler().reconcile(List.of(intent()), List.of(seen("worker001", "i-old", true)));
        assertEquals("m5.large", blind.nodes().get(0).launch().get("instance_type"));
    }

    @Test
    void aWaveCutShortAfterItsLaunchKeepsTheReplacementAndTerminatesTheOldMachine() {
        // Launched, not yet recorded: the replacement is adopted with the intent's settings, the old machine is extra.
        var r = new Reconciler().reconcile(List.of(intent()), List.of(seen("worker001", "i-old", true), seen("worker001", "i-new", true)),
                Reconciler.Ownership.ANY, replacing("i-old"));
        assertEquals("i-new", r.nodes().get(0).providerId());
        assertEquals("m5.large", r.nodes().get(0).launch().get("instance_type"));
        assertEquals(List.of("i-old"), r.duplicates().stream().map(d -> d.node().providerId()).toList());
        assertEquals("i-new", r.duplicates().get(0).keptId());
        // Recorded: the same.
        NodeRecord running = intent().toBuilder().providerId("i-new").status(NodeStatus.RUNNING, null).build();
        r = new Reconciler().reconcile(List.of(running), List.of(seen("worker001", "i-new", true), seen("worker001", "i-old", true)),
                Reconciler.Ownership.ANY, replacing("i-old"));
        assertEquals("i-new", r.nodes().get(0).providerId());
        assertEquals(List.of("i-old"), r.duplicates().stream().map(d -> d.node().providerId()).toList());
        // Its replacement died: the old machine is the node again.
        r = new Reconciler().reconcile(List.of(running), List.of(seen("worker001", "i-new", false), seen("worker001", "i-old", true)),
                Reconciler.Ownership.ANY, replacing("i-old"));
        assertEquals("i-old", r.nodes().get(0).providerId());
        assertEquals(List.of(), r.duplicates());
    }

    @Test
    void aWaveRecordOfAMachineStillRecordedOrGoneChangesNothing() {
        var r = new Reconciler().reconcile(List.of(recorded("worker001", "i-old")), List.of(seen("worker001", "i-old", true)),
                Reconciler.Ownership.ANY, replacing("i-old"));
        assertEquals("i-old", r.nodes().get(0).providerId());
        assertEquals(List.of(), r.changed());
        NodeRecord running = intent().toBuilder().providerId("i-new").status(NodeStatus.RUNNING, null).build();
        r = new Reconciler().reconcile(List.of(running), List.of(seen("worker001", "i-new", true), seen("worker001", "i-old", false)),
                Reconciler.Ownership.ANY, replacing("i-old"));
        assertEquals("i-new", r.nodes().get(0).providerId());
        assertEquals(List.of(), r.duplicates());
    }
}
