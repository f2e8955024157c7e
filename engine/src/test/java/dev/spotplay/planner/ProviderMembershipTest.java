package dev.spotplay.planner;

import static dev.spotplay.planner.Fixtures.declared;
import static dev.spotplay.planner.Fixtures.group;
import static dev.spotplay.planner.Fixtures.playbook;
import static dev.spotplay.planner.Fixtures.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spotplay.diag.SourceRange;
import dev.spotplay.plan.Plan;
import dev.spotplay.plan.Reason;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.Step;
import dev.spotplay.provider.ObservedNode;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.state.StepRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * When the provider declares the nodes (a static inventory): members are the nodes it observes
 * under their own names, count and the naming policy play no part, nothing is launched or
 * replaced, and a node it no longer declares is only dropped.
 */
class ProviderMembershipTest {
    private final Playbook pb = declared(playbook(List.of(group("web", 1), group("db", 0)),
            List.of(step(0, "base", "base {{ node.name }} {{ node.index }}"))));

    private static NodeRecord node(String name, String group, int index, NodeStatus status) {
        return NodeRecord.builder(name).group(group).index(index).providerId("static:10.0.0." + index + ":22")
                .endpoint("10.0.0." + index, 22).privateIp("10.0.0." + index).status(status, null).createdAt(Instant.EPOCH).build();
    }

    private Plan plan(List<NodeRecord> nodes, Map<String, Map<String, StepRun>> runs) {
        Planner.Input in = new Planner.Input(pb, "static", Planner.Current.of(nodes), runs, false,
                g -> 0, List.of());
        return new Planner(new StepDefinitions(pb, Fixtures.MODULES)).plan(in).plan();
    }

    private static List<String> lines(Plan plan) {
        return plan.changes().stream().map(c -> c.action().symbol() + " " + c.address().text() + " (" + c.reason().text() + ")").toList();
    }

    @Test
    void membersAreTheDeclaredNodesInNaturalOrderWhateverTheCount() {
        List<NodeRecord> nodes = List.of(node("web10", "web", 3, NodeStatus.RUNNING), node("web2", "web", 2, NodeStatus.RUNNING),
                node("db-a", "db", 1, NodeStatus.RUNNING));
        Plan plan = plan(nodes, Map.of());
        assertEquals(List.of("> web.web2.step[\"base\"] (never ran here)", "> web.web10.step[\"base\"] (never ran here)",
                "> db.db-a.step[\"base\"] (never ran here)"), lines(plan));
        assertEquals(0, plan.summary().nodesToLaunch());
        assertEquals(3, plan.liveNodes());
    }

    @Test
    void aDownHostIsNeverReplacedAndAHostNoLongerDeclaredIsDropped() {
        List<NodeRecord> nodes = List.of(node("web1", "web", 1, NodeStatus.DOWN), node("web2", "web", 2, NodeStatus.GONE));
        Plan plan = plan(nodes, Fixtures.allDone(pb, List.of(nodes.get(0))));
        assertEquals(List.of("- web.web2 (no longer declared by the static provider)"), lines(plan));
        assertEquals(0, plan.summary().nodesToLaunch());
    }

    @Test
    void destroyForgetsDeclaredHostsAndSaysNothingIsDoneToThem() {
        List<NodeRecord> nodes = List.of(node("web1", "web", 1, NodeStatus.RUNNING), node("web2", "web", 2, NodeStatus.GONE));
        Plan plan = Planner.destroy(pb, Planner.Current.of(nodes), false);
        assertEquals(List.of("- web.web1 (destroy: forgotten, nothing is done to the host (the static provider terminates nothing))",
                "- web.web2 (destroy: forgotten, nothing is done to the host (the static provider terminates nothing) (already gone))"),
                lines(plan));
        assertEquals(Reason.forgotten("static"), plan.changes().get(0).reason());
        assertEquals(Reason.Why.FORGOTTEN_GONE, plan.changes().get(1).reason().why());
        assertEquals(Reason.forgottenGone("local", "host down"), new Reason(Reason.Why.FORGOTTEN_GONE, List.of("local", "host down")));
        assertEquals("destroy: forgotten, nothing is done to the host (the static provider terminates nothing) (already gone: host down)",
                Reason.forgottenGone("static", "host down").text());
    }

    @Test
    void anAlwaysStepRunsOnEveryApplyAndTheOthersOnlyWhenStateSaysSo() {
        Step always = new Step("tick", 1, List.of("all"), "echo", Map.of(Step.MAIN_ARG, "tick"), null, SourceRange.NONE, true);
        Playbook withAlways = declared(playbook(pb.groups(), List.of(pb.steps().get(0), always)));
        List<NodeRecord> nodes = List.of(node("web1", "web", 1, NodeStatus.RUNNING));
        Planner.Input in = new Planner.Input(withAlways, "static", Planner.Current.of(nodes),
                Fixtures.allDone(withAlways, nodes), false, g -> 0, List.of());
        Plan plan = new Planner(new StepDefinitions(withAlways, Fixtures.MODULES)).plan(in).plan();
        assertEquals(List.of("> web.web1.step[\"tick\"] (always)"), lines(plan));
    }

    @Test
    void observedNodesAreAdoptedUnderTheirOwnNamesWithTheProvidersIndex() {
        List<ObservedNode> seen = new ArrayList<>();
        seen.add(new ObservedNode("db-b", "db", "static:10.0.0.9:22", "10.0.0.9", 22, "10.0.0.9", true, null, 2));
        seen.add(new ObservedNode("db-a", "db", "static:10.0.0.8:22", "10.0.0.8", 22, "10.0.0.8", true, null, 1));
        Reconciler.Result r = new Reconciler().reconcile(List.of(), seen);
        assertEquals(List.of("db-a", "db-b"), r.nodes().stream().map(NodeRecord::name).toList());
        assertEquals(List.of(1, 2), r.nodes().stream().map(NodeRecord::index).toList());
        assertEquals(Set.of("db-a", "db-b"), r.fresh());
    }
}
