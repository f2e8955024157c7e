package dev.spotplay.planner;

import static dev.spotplay.planner.Fixtures.group;
import static dev.spotplay.planner.Fixtures.node;
import static dev.spotplay.planner.Fixtures.playbook;
import static dev.spotplay.planner.Fixtures.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.SourceRange;
import dev.spotplay.plan.Action;
import dev.spotplay.plan.Address;
import dev.spotplay.plan.Change;
import dev.spotplay.plan.Plan;
import dev.spotplay.plan.Reason;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.Storage;
import dev.spotplay.provider.ObservedNode;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.state.StepRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private final Playbook pb = playbook(List.of(group("head", 1), group("worker", 3, "head")),
            List.of(step(0, "base", "base {{ node.name }}"), step(1, "fetch", "fetch {{ greeting }}", "worker")));

    private List<NodeRecord> cluster(NodeStatus worker2) {
        return List.of(node("head001", "head", 1, NodeStatus.RUNNING), node("worker001", "worker", 1, NodeStatus.RUNNING),
                node("worker002", "worker", 2, worker2), node("worker003", "worker", 3, NodeStatus.RUNNING));
    }

    private static List<String> lines(Plan plan) {
        return plan.changes().stream().map(c -> c.action().symbol() + " " + c.address().text() + " (" + c.reason().text() + ")").toList();
    }

    @Test
    void newClusterLaunchesEveryNodeAndRunsEveryStep() {
        Plan plan = Fixtures.plan(pb, List.of(), Map.of(), false).plan();
        assertEquals(List.of(
                "+ head.head001 (new)", "+ worker.worker001 (new)", "+ worker.worker002 (new)", "+ worker.worker003 (new)",
                "> head.head001.step[\"base\"] (new node)",
                "> worker.worker001.step[\"base\"] (new node)", "> worker.worker001.step[\"fetch\"] (new node)",
                "> worker.worker002.step[\"base\"] (new node)", "> worker.worker002.step[\"fetch\"] (new node)",
                "> worker.worker003.step[\"base\"] (new node)", "> worker.worker003.step[\"fetch\"] (new node)"), lines(plan));
        Plan.Summary s = plan.summary();
        assertEquals(4, s.nodesToLaunch());
        assertEquals(2, s.stepsToRun());
        assertEquals(4, s.nodesWithSteps());
        assertEquals(0.05, plan.hourlyCost(), 1e-9);
    }

    @Test
    void aClusterThatMatchesHasNoChanges() {
        List<NodeRecord> nodes = cluster(NodeStatus.RUNNING);
        Plan plan = Fixtures.plan(pb, nodes, Fixtures.allDone(pb, nodes), false).plan();
        assertFalse(plan.hasChanges(), lines(plan).toString());
        assertEquals(4, plan.liveNodes());
    }

    @Test
    void aGoneNodeIsReplacedUnderItsNameAndOnlyItsStepsRun() {
        List<NodeRecord> nodes = cluster(NodeStatus.GONE);
        Plan plan = Fixtures.plan(pb, nodes, Fixtures.allDone(pb, nodes), false).plan();
        assertEquals(List.of("-/+ worker.worker002 (gone: process gone)",
                "> worker.worker002.step[\"base\"] (new node)", "> worker.worker002.step[\"fetch\"] (new node)"), lines(plan));
        assertEquals(1, plan.summary().nodesToLaunch());
        assertEquals(1, plan.summary().nodesToTerminate());
    }

    @Test
    void anAutostoppedNodeIsSaidToBeSoGoneOrStopped() {
        List<NodeRecord> nodes = new ArrayList<>(cluster(NodeStatus.RUNNING));
        nodes.set(1, nodes.get(1).withStatus(NodeStatus.GONE, "autostopped: idle for 1h (no SSH session, no running command)"));
        nodes.set(2, nodes.get(2).withStatus(NodeStatus.STOPPED, "autostopped: the instance shut itself down (stopped, Client.InstanceInitiatedShutdown)"));
        Plan plan = Fixtures.plan(pb, nodes, Fixtures.allDone(pb, nodes), false).plan();
        assertEquals(List.of("-/+ worker.worker001 (autostopped: idle for 1h (no SSH session, no running command))",
                "> worker.worker001.step[\"base\"] (new node)", "> worker.worker001.step[\"fetch\"] (new node)"), lines(plan));
        assertEquals(Reason.Why.AUTOSTOPPED, plan.changes().get(0).reason().why());
        assertTrue(plan.notes().contains("autostopped: worker002 stopped themselves after their group's autostop idle time"), plan.notes().toString());
        assertTrue(plan.notes().stream().anyMatch(n -> n.startsWith("stopped: worker002 ")), plan.notes().toString());
    }

    @Test
    void aChangedDefinitionAFailedRunAndRecheckRunAgain() {
        List<NodeRecord> nodes = cluster(NodeStatus.RUNNING);
        Map<String, Map<String, StepRun>> runs = Fixtures.allDone(pb, nodes);
        Map<String, Map<String, StepRun>> edited = new LinkedHashMap<>(runs);
        Map<String, StepRun> w1 = new LinkedHashMap<>(runs.get("worker001"));
        StepRun fetch = w1.get("fetch");
        w1.put("fetch", new StepRun("a1", "worker001", "fetch", fetch.hash(), StepRun.Result.FAILED, "exit 1", "", 1, Instant.EPOCH));
        edited.put("worker001", w1);
        Map<String, StepRun> w3 = new LinkedHashMap<>(runs.get("worker003"));
        w3.put("base", new StepRun("a1", "worker003", "base", "0000", StepRun.Result.CHANGED, "", "", 1, Instant.EPOCH));
        edited.put("worker003", w3);
        assertEquals(List.of("> worker.worker001.step[\"fetch\"] (failed last time)",
                "> worker.worker003.step[\"base\"] (definition changed)"), lines(Fixtures.plan(pb, nodes, edited, false).plan()));

        Plan recheck = Fixtures.plan(pb, nodes, runs, true).plan();
        assertEquals(7, recheck.stepChanges().size());
        assertTrue(recheck.stepChanges().stream().allMatch(c -> c.reason().why() == Reason.Why.RECHECK));
    }

    @Test
    void aVariableChangeRerunsOnlyTheStepsThatUseIt() {
        List<NodeRecord> nodes = cluster(NodeStatus.RUNNING);
        Map<String, Map<String, StepRun>> runs = Fixtures.allDone(pb, nodes);
        Playbook changed = new Playbook(pb.file(), pb.name(), pb.provider(), pb.ssh(), Map.of("greeting", "hello"),
                pb.groups(), pb.storage(), pb.steps());
        List<Change> steps = Fixtures.plan(changed, nodes, runs, false).plan().stepChanges();
        assertEquals(3, steps.size());
        assertTrue(steps.stream().allMatch(c -> c.address() instanceof Address.Step s && s.name().equals("fetch")
                && c.reason().why() == Reason.Why.DEFINITION_CHANGED));
    }

    @Test
    void scalingDownRemovesTheHighestNamesAndScalingUpReusesFreedOnes() {
        List<NodeRecord> nodes = cluster(NodeStatus.RUNNING);
        Playbook smaller = playbook(List.of(group("head", 1), group("worker", 1, "head")), pb.steps());
        Plan down = Fixtures.plan(smaller, nodes, Fixtures.allDone(pb, nodes), false).plan();
        assertEquals(List.of("- worker.worker002 (scale down to 1)", "- worker.worker003 (scale down to 1)"),
                lines(down).subList(0, 2));

        List<NodeRecord> gap = new ArrayList<>(nodes);
        gap.removeIf(n -> n.name().equals("worker002"));
        Playbook bigger = playbook(List.of(group("head", 1), group("worker", 4, "head")), pb.steps());
        List<Change> up = Fixtures.plan(bigger, gap, Fixtures.allDone(pb, gap), false).plan().nodeChanges();
        assertEquals(List.of(new Address.Node("worker", "worker002"), new Address.Node("worker", "worker004")),
                up.stream().map(Change::address).toList());
        assertTrue(up.stream().allMatch(c -> c.action() == Action.CREATE));
    }

    @Test
    void aGroupRemovedFromThePlaybookIsTerminated() {
        List<NodeRecord> nodes = cluster(NodeStatus.RUNNING);
        Playbook headOnly = playbook(List.of(group("head", 1)), List.of(step(0, "base", "base {{ node.name }}")));
        Plan plan = Fixtures.plan(headOnly, nodes, Fixtures.allDone(pb, nodes), false).plan();
        assertEquals(3, plan.summary().nodesToTerminate());
        assertEquals(Reason.groupRemoved("worker"), plan.nodeChanges().get(0).reason());
        assertTrue(plan.nodeChanges().get(0).reason().text().contains("no longer in the playbook"));
    }

    private static Reconciler.Duplicate duplicate(NodeRecord kept, String id) {
        return new Reconciler.Duplicate(new ObservedNode(kept.name(), kept.group(), id, "127.0.0.1", 40999, "127.0.0.1", true, null,
                kept.index()), kept.providerId());
    }

    @Test
    void applyPlansTheProvidersResourcesThenDuplicatesBeforeNodeChanges() {
        List<NodeRecord> nodes = cluster(NodeStatus.GONE);
        Change key = Change.resource(Action.CREATE, "key_pair", "spotplay-demo", Reason.newResource("imported"));
        Planner.Current current = new Planner.Current(nodes, Set.of(), List.of(duplicate(nodes.get(1), "pid-9")), List.of(key));
        Plan plan = new Planner(new StepDefinitions(pb, Fixtures.MODULES)).plan(new Planner.Input(pb, "local",
                current, Fixtures.allDone(pb, nodes), false, g -> 0, List.of())).plan();
        assertEquals(key, plan.changes().get(0));
        Change dup = plan.changes().get(1);
        assertEquals(Action.DELETE, dup.action());
        assertEquals(new Address.Duplicate(new Address.Node("worker", "worker001"), "pid-9"), dup.address());
        assertEquals(Reason.duplicateOf("worker001", "pid-1"), dup.reason());
        assertEquals(new Address.Node("worker", "worker002"), plan.changes().get(2).address());
        assertEquals(Reason.gone("process gone"), plan.changes().get(2).reason());
        assertEquals(2, plan.summary().nodesToTerminate(), "the duplicate and the gone machine");
        assertEquals(List.of(new Address.Step(new Address.Node("worker", "worker002"), "base", 0),
                new Address.Step(new Address.Node("worker", "worker002"), "fetch", 1)), plan.steps());
    }

    @Test
    void destroyPlansEveryNodeGoneOnesAndDuplicatesThenTheProvidersResources() {
        List<NodeRecord> nodes = cluster(NodeStatus.GONE);
        Change sg = Change.resource(Action.DELETE, "security_group", "spotplay-demo", Reason.of(Reason.Why.DESTROY));
        Planner.Current current = new Planner.Current(nodes, Set.of(), List.of(duplicate(nodes.get(3), "pid-7")), List.of(sg));
        Plan plan = Planner.destroy(pb, current, false);
        assertEquals(List.of("- head.head001 (destroy)", "- worker.worker001 (destroy)",
                "- worker.worker002 (destroy (already gone: process gone))", "- worker.worker003 (destroy)",
                "- worker.worker003[pid-7] (destroy: duplicate of worker003)", "- spotplay-demo (destroy)"), lines(plan));
        assertTrue(plan.changes().stream().allMatch(c -> c.action() == Action.DELETE));
        assertEquals(Reason.destroyGone("process gone"), plan.changes().get(2).reason());
        assertEquals(new Address.Duplicate(new Address.Node("worker", "worker003"), "pid-7"), plan.changes().get(4).address());
        assertEquals(new Address.Resource("security_group", "spotplay-demo"), plan.changes().get(5).address());
        assertEquals(5, plan.summary().nodesToTerminate());
        assertEquals(0, plan.liveNodes());
        assertEquals(List.of(), plan.notes());
    }

    @Test
    void destroyWithoutIncludeStorageSaysTheStorageIsKept() {
        Playbook withStorage = new Playbook(pb.file(), pb.name(), pb.provider(), pb.ssh(), pb.vars(), pb.groups(),
                List.of(new Storage("shared", "efs", "/shared", List.of("all"), SourceRange.NONE)), pb.steps());
        Planner.Current current = Planner.Current.of(cluster(NodeStatus.RUNNING));
        assertEquals(List.of("storage shared is kept with its data (and the security group its mount targets use); "
                + "destroy --include-storage deletes them"), Planner.destroy(withStorage, current, false).notes());
        assertEquals(List.of(), Planner.destroy(withStorage, current, true).notes());
        // A storage the provider only uses (an existing file system) is never said to be deleted.
        assertEquals(List.of("storage shared is not this cluster's (it only uses it): never deleted, not even by destroy"
                + " --include-storage"), Planner.destroy(withStorage, current, false, Set.of("shared")).notes());
    }

    @Test
    void namingPolicy() {
        assertEquals(List.of("w001", "w002"), Planner.desiredNames(group("w", 2), List.of()));
        assertEquals(List.of("w001", "w002", "w005"), Planner.desiredNames(group("w", 3),
                List.of(node("w002", "w", 2, NodeStatus.RUNNING), node("w005", "w", 5, NodeStatus.RUNNING))));
        assertEquals(List.of("w001"), Planner.desiredNames(group("w", 1),
                List.of(node("w001", "w", 1, NodeStatus.RUNNING), node("w002", "w", 2, NodeStatus.RUNNING))));
        assertEquals(List.of(), Planner.desiredNames(group("w", 0), List.of(node("w001", "w", 1, NodeStatus.RUNNING))));
        // Scale down with a lost name: the lost one goes, not the highest healthy one.
        assertEquals(List.of("w001", "w003"), Planner.desiredNames(group("w", 2), List.of(node("w001", "w", 1, NodeStatus.RUNNING),
                node("w002", "w", 2, NodeStatus.GONE), node("w003", "w", 3, NodeStatus.RUNNING))));
        assertEquals(List.of("w001", "w002"), Planner.desiredNames(group("w", 2), List.of(node("w001", "w", 1, NodeStatus.RUNNING),
                node("w002", "w", 2, NodeStatus.RUNNING), node("w003", "w", 3, NodeStatus.DOWN), node("w004", "w", 4, NodeStatus.GONE))));
    }

    private static Planner.Result plan(Playbook pb, List<NodeRecord> nodes, Planner.Machines machines) {
        Planner.Input in = new Planner.Input(pb, "aws", Planner.Current.of(nodes), Fixtures.allDone(pb, nodes), false,
                g -> 0.0125, List.of(), machines);
        return new Planner(new StepDefinitions(pb, Fixtures.MODULES)).plan(in);
    }

    private static NodeRecord launched(NodeRecord r, Map<String, String> settings) {
        return r.toBuilder().launch(settings).build();
    }

    @Test
    void aChangedLaunchSettingReplacesTheNodeAndAChangedTagUpdatesItInPlace() {
        Map<String, String> small = Map.of("instance_type", "t3.small", "tags", "{}", "image", "ami-1");
        List<NodeRecord> nodes = new ArrayList<>();
        for (NodeRecord r : cluster(NodeStatus.RUNNING)) {
            nodes.add(launched(r, small));
        }
        Map<String, String> worker = Map.of("instance_type", "t3.medium", "tags", "{}", "image", "ami-1");
        Map<String, String> head = Map.of("instance_type", "t3.small", "tags", "{\"team\":\"ml\"}", "image", "ami-1");
        Planner.Machines machines = new Planner.Machines(g -> g.name().equals("head") ? head : worker, Set.of("tags"), Set.of());
        Plan plan = plan(pb, nodes, machines).plan();
        assertEquals(List.of("~ head.head001 (launch settings changed)",
                "-/+ worker.worker001 (launch settings changed)", "-/+ worker.worker002 (launch settings changed)",
                "-/+ worker.worker003 (launch settings changed)",
                "> worker.worker001.step[\"base\"] (new node)", "> worker.worker001.step[\"fetch\"] (new node)",
                "> worker.worker002.step[\"base\"] (new node)", "> worker.worker002.step[\"fetch\"] (new node)",
                "> worker.worker003.step[\"base\"] (new node)", "> worker.worker003.step[\"fetch\"] (new node)"), lines(plan));
        assertEquals(List.of("tags: {} -> {\"team\":\"ml\"}"), plan.changes().get(0).attributes().stream().map(a -> a.text()).toList());
        assertEquals(List.of("instance_type: t3.small -> t3.medium"), plan.changes().get(1).attributes().stream().map(a -> a.text()).toList());
        assertEquals(1, plan.summary().nodesToUpdate());
        assertEquals(3, plan.summary().nodesToLaunch());
    }

    @Test
    void settingsOnlyOneSideKnowsAreNotCompared() {
        // A node recorded before settings were kept, and a setting a newer build learnt: neither replaces anything.
        List<NodeRecord> nodes = new ArrayList<>(cluster(NodeStatus.RUNNING));
        nodes.set(1, launched(nodes.get(1), Map.of("image", "ami-1")));
        Planner.Machines machines = new Planner.Machines(g -> Map.of("image", "ami-1", "tenancy", "default"), Set.of(), Set.of());
        Plan plan = plan(pb, nodes, machines).plan();
        assertFalse(plan.hasChanges(), lines(plan).toString());
        // ...but the plan says so, grouping the settings by the nodes they are unknown for.
        String note = plan.notes().stream().filter(n -> n.startsWith("not recorded, so not compared: ")).findFirst().orElseThrow(
                () -> new AssertionError("no note on the settings that are not compared: " + plan.notes()));
        List<String> others = nodes.stream().map(NodeRecord::name).filter(n -> !n.equals(nodes.get(1).name())).toList();
        assertTrue(note.contains("image of " + dev.spotplay.plan.NodeRanges.format(others)), note);
        assertTrue(note.contains("tenancy of " + dev.spotplay.plan.NodeRanges.format(nodes.stream().map(NodeRecord::name).toList())), note);
        assertFalse(plan(pb, nodes, Planner.Machines.NONE).plan().notes().stream().anyMatch(n -> n.startsWith("not recorded")),
                "a provider with no launch settings (static) has nothing to say");
    }

    @Test
    void replaceNamesANodeToReplaceThoughNothingChanged() {
        List<NodeRecord> nodes = cluster(NodeStatus.RUNNING);
        Plan plan = plan(pb, nodes, new Planner.Machines(g -> Map.of(), Set.of(), Set.of("worker003"))).plan();
        assertEquals(List.of("-/+ worker.worker003 (--replace)",
                "> worker.worker003.step[\"base\"] (new node)", "> worker.worker003.step[\"fetch\"] (new node)"), lines(plan));
    }

    @Test
    void runningNodesAreReplacedInWavesOfCountLessMinCountAndTheNotesSaySo() {
        Map<String, String> small = Map.of("instance_type", "t3.small");
        Map<String, String> medium = Map.of("instance_type", "t3.medium");
        dev.spotplay.playbook.Group workers = new dev.spotplay.playbook.Group("worker", java.util.OptionalInt.of(5),
                java.util.OptionalInt.of(3), Map.of(), List.of(), dev.spotplay.diag.SourceRange.NONE);
        Playbook five = Fixtures.playbook(List.of(workers), List.of());
        List<NodeRecord> nodes = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            nodes.add(launched(node("worker00" + i, "worker", i, i == 4 ? NodeStatus.GONE : NodeStatus.RUNNING), small));
        }
        Plan plan = plan(five, nodes, new Planner.Machines(g -> medium, Set.of(), Set.of())).plan();
        assertEquals(5, plan.summary().nodesToLaunch());
        // worker004 has no machine to keep up: it is launched at once, not in a wave.
        List<Waves.Wave> waves = Waves.of(five, plan, n -> nodes.stream().filter(r -> r.name().equals(n)).findFirst(), true);
        assertEquals(List.of(List.of("worker001", "worker002"), List.of("worker003", "worker005")),
                waves.stream().map(Waves.Wave::nodes).toList());
        assertTrue(plan.notes().contains("replacement worker: in 2 waves of 2 (worker001, worker002; then worker003, worker005); each"
                + " wave's new machines are launched and set up before the old ones go, so at least 3 of 5 stay up"
                + " (replace: all-at-once terminates them first)"), plan.notes().toString());

        dev.spotplay.playbook.Group atOnce = new dev.spotplay.playbook.Group("worker", java.util.OptionalInt.of(5),
                java.util.OptionalInt.of(3), Map.of(), List.of(), dev.spotplay.playbook.Group.Replacement.ALL_AT_ONCE,
                dev.spotplay.diag.SourceRange.NONE);
        Playbook all = Fixtures.playbook(List.of(atOnce), List.of());
        plan = plan(all, nodes, new Planner.Machines(g -> medium, Set.of(), Set.of())).plan();
        assertEquals(List.of(), Waves.of(all, plan, n -> nodes.stream().filter(r -> r.name().equals(n)).findFirst(), true));
        assertTrue(plan.notes().stream().anyMatch(n -> n.startsWith("replacement worker: all at once")), plan.notes().toString());
        // A provider whose machine is its name (local) cannot run two under one: all at once, and the note says why.
        Planner.Machines local = new Planner.Machines(g -> medium, Set.of(), Set.of(), (k, a, b) -> !a.equals(b), false);
        plan = plan(five, nodes, local).plan();
        assertEquals(List.of(), Waves.of(five, plan, n -> nodes.stream().filter(r -> r.name().equals(n)).findFirst(), false));
        assertTrue(plan.notes().contains("replacement worker: all at once (this provider holds one machine per name): the old"
                + " machines are terminated first, then the new ones launched"), plan.notes().toString());
        // count == min_count still moves: one at a time.
        assertEquals(1, Fixtures.group("w", 3).waveSize());
    }
}
