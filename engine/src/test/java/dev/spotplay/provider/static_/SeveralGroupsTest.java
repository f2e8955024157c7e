package dev.spotplay.provider.static_;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.DiagnosticException;
import dev.spotplay.plan.Address;
import dev.spotplay.planner.Planner;
import dev.spotplay.planner.StepDefinitions;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.PlaybookLoader;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A static host in several of the playbook's groups (kubespray's control plane and etcd overlap):
 * one node, recorded under its first group, that runs the steps of each of its groups once, in
 * playbook order, in one chain of the graph; refused where its groups would wait for each other.
 */
class SeveralGroupsTest {
    @TempDir Path dir;

    private Playbook playbook(String inventory, String groups, String steps) throws Exception {
        Files.writeString(dir.resolve("hosts.ini"), inventory);
        Path file = Files.writeString(dir.resolve("cluster.yml"), "name: k8s\nprovider: {type: static, inventory: hosts.ini}\ngroups:\n"
                + groups + "steps:\n" + steps);
        return PlaybookLoader.load(file, InventoryVarsTest.MODULES).playbook();
    }

    static final String KUBESPRAY = """
            [kube_control_plane]
            cp1 ansible_host=127.0.0.1
            cp2 ansible_host=127.0.0.2
            [etcd]
            cp1
            cp2
            e3 ansible_host=127.0.0.3
            [kube_node]
            e3
            n4 ansible_host=127.0.0.4
            """;
    static final String GROUPS = "  kube_control_plane: {}\n  etcd: {}\n  kube_node: {after: [kube_control_plane]}\n";
    static final String STEPS = """
              - {name: base, say: "base on {{ node.name }}"}
              - {name: etcd, say: "etcd {{ groups.etcd | join(',') }}", groups: [etcd]}
              - {name: control, say: "control", groups: [kube_control_plane]}
              - {name: join, say: "join {{ groups.kube_control_plane | join(',') }}", groups: [kube_node]}
            """;

    @Test
    void aHostInSeveralGroupsIsOneNodeThatRunsTheStepsOfEachOnce() throws Exception {
        Playbook pb = playbook(KUBESPRAY, GROUPS, STEPS);
        StaticProvider provider = new StaticProvider(pb);
        assertEquals(List.of("cp1 kube_control_plane", "cp2 kube_control_plane", "e3 etcd", "n4 kube_node"),
                provider.observe().stream().map(o -> o.name() + " " + o.group()).toList(), "one node per host, of its first group");
        assertEquals(List.of("etcd"), provider.otherGroups("cp1"));
        assertEquals(List.of("kube_node"), provider.otherGroups("e3"));

        List<NodeRecord> nodes = provider.observe().stream().map(o -> NodeRecord.builder(o.name()).group(o.group()).index(o.index())
                .providerId(o.providerId()).endpoint(o.host(), o.port()).privateIp(o.privateIp()).status(NodeStatus.RUNNING, null)
                .hostKey("ssh-ed25519 AAAA").createdAt(Instant.EPOCH).build()).toList();
        Planner.Input in = new Planner.Input(pb, "static", Planner.Current.of(nodes), Map.of(), false, g -> 0, List.of(),
                Planner.Machines.NONE, provider.nodeVars(), provider::otherGroups);
        Planner.Result result = new Planner(new StepDefinitions(pb, InventoryVarsTest.MODULES)).plan(in);
        List<String> steps = result.plan().changes().stream().filter(c -> c.address() instanceof Address.Step)
                .map(c -> c.address().text()).sorted().toList();
        assertEquals(List.of(
                "etcd.cp1.step[\"etcd\"]", "etcd.cp2.step[\"etcd\"]", "etcd.e3.step[\"base\"]", "etcd.e3.step[\"etcd\"]",
                "kube_control_plane.cp1.step[\"base\"]", "kube_control_plane.cp1.step[\"control\"]",
                "kube_control_plane.cp2.step[\"base\"]", "kube_control_plane.cp2.step[\"control\"]",
                "kube_node.e3.step[\"join\"]", "kube_node.n4.step[\"base\"]", "kube_node.n4.step[\"join\"]"), steps,
                "each step once per node, under the first of its groups that has it");
        assertEquals(4, result.plan().liveNodes(), "4 nodes, not one per membership");
        assertEquals(List.of("cp1", "cp2", "e3"), result.members().get("etcd"));

        String graph = result.graph().describe();
        assertEquals(1, count(graph, "-> up(e3)\n") - count(graph, "prepare -> up(e3)\n"), graph);
        assertTrue(graph.contains("done(kube_control_plane) -> up(e3)\n") && graph.contains("done(kube_control_plane) -> up(n4)\n"), graph);
        assertTrue(graph.contains("up(e3) -> step(e3#0 base)\nstep(e3#0 base) -> step(e3#1 etcd)\nstep(e3#1 etcd) -> step(e3#3 join)")
                || (graph.contains("up(e3) -> step(e3#0 base)") && graph.contains("step(e3#0 base) -> step(e3#1 etcd)")
                && graph.contains("step(e3#1 etcd) -> step(e3#3 join)")), "one chain, its groups' steps in playbook order:\n" + graph);
        assertTrue(graph.contains("step(cp1#2 control) -> done(kube_control_plane)"), graph);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void aHostWhoseGroupsWaitForEachOtherIsRefusedAtTheHost() throws Exception {
        Playbook pb = playbook(KUBESPRAY + "[kube_node]\ncp1\n", GROUPS, STEPS);
        String shown = assertThrows(DiagnosticException.class, () -> new StaticProviderFactory().validate(pb)).diagnostics().render();
        assertTrue(shown.contains("hosts.ini:2:1: Host in groups that wait for each other"), shown);
        assertTrue(shown.contains("\"kube_node\" waits for \"kube_control_plane\""), shown);
    }

    @Test
    void sharedHostsThatCloseACircleOfAfterAreRefusedWithTheCircle() throws Exception {
        Playbook pb = playbook("[a]\nh1 ansible_host=127.0.0.1\n[b]\nh1\n[c]\nh2 ansible_host=127.0.0.2\n[d]\nh2\n",
                "  a: {after: [c]}\n  b: {}\n  c: {}\n  d: {after: [b]}\n", "  - say: hi\n");
        String shown = assertThrows(DiagnosticException.class, () -> new StaticProviderFactory().validate(pb)).diagnostics().render();
        assertTrue(shown.contains("Groups wait for each other through shared hosts"), shown);
        assertTrue(shown.contains("host h1 waits for group c waits for host h2 waits for group b waits for host h1"), shown);
    }
}
