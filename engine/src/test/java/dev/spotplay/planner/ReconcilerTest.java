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
}
