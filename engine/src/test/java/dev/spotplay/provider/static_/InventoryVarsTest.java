package dev.spotplay.provider.static_;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.DiagnosticException;
import dev.spotplay.diag.UserError;
import dev.spotplay.module.ModuleCatalog;
import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepModule;
import dev.spotplay.module.StepResult;
import dev.spotplay.plan.Address;
import dev.spotplay.plan.Change;
import dev.spotplay.plan.Reason;
import dev.spotplay.planner.NodeFacts;
import dev.spotplay.planner.Planner;
import dev.spotplay.planner.StepDefinitions;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.PlaybookLoader;
import dev.spotplay.playbook.Step;
import dev.spotplay.playbook.Templates;
import dev.spotplay.provider.ObservedNode;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.state.StepRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A static host's inventory variables in its step templates: real inventory files (INI with
 * group_vars/ and host_vars/ beside it) read by the static provider, the scope the planner and the
 * walker render with ({@link NodeFacts}), and the plan's step hashes. What Ansible itself makes of
 * the same names is {@link TemplateScopeDifferentialTest}'s.
 */
class InventoryVarsTest {
    /** A module whose definition is its one string argument; never run here. */
    static final StepModule SAY = new StepModule() {
        @Override public String name() { return "say"; }
        @Override public Set<String> options() { return Set.of(); }
        @Override public List<ArgProblem> validate(Map<String, Object> args) { return List.of(); }
        @Override public StepResult run(StepContext ctx) { throw new UnsupportedOperationException("never run here"); }
    };
    static final ModuleCatalog MODULES = new ModuleCatalog(List.of(SAY));

    @TempDir Path dir;

    private void inventory() throws Exception {
        Files.writeString(dir.resolve("hosts.ini"), """
                [web]
                web1 ansible_host=127.0.0.1
                web2 ansible_host=127.0.0.1 http_port=8081

                [db]
                db1.example.com ansible_host=127.0.0.1

                [monitoring]
                mon1 ansible_host=127.0.0.1

                [backend:children]
                db
                monitoring

                [web:vars]
                greeting=from-inventory
                """);
        Files.createDirectories(dir.resolve("group_vars"));
        Files.writeString(dir.resolve("group_vars/all.yml"), "http_port: 8080\ntls: true\nbase: /srv\nshared: \"{{ base }}/shared\"\n"
                + "broken: \"{{ not_there }}\"\n");
        Files.createDirectories(dir.resolve("host_vars"));
        Files.writeString(dir.resolve("host_vars/db1.example.com.yml"), "role: primary\nsizes: [1, 2]\n");
    }

    private Playbook playbook(String vars, String... steps) throws Exception {
        StringBuilder text = new StringBuilder("name: st\nprovider: {type: static, inventory: hosts.ini}\n" + vars
                + "groups:\n  web: {}\n  db: {}\nsteps:\n");
        for (String s : steps) {
            text.append("  - ").append(s).append('\n');
        }
        Path file = Files.writeString(dir.resolve("cluster.yml"), text.toString());
        return PlaybookLoader.load(file, MODULES).playbook();
    }

    /** What {@code text} renders to on {@code host}, as the planner and the walker render it. */
    private static String render(StaticProvider provider, Playbook pb, String host, String text) throws Exception {
        ObservedNode n = provider.observe().stream().filter(o -> o.name().equals(host)).findFirst().orElseThrow();
        Map<String, List<String>> members = new LinkedHashMap<>();
        provider.observe().forEach(o -> members.computeIfAbsent(o.group(), g -> new java.util.ArrayList<>()).add(o.name()));
        Map<String, Object> scope = new NodeFacts(n.name(), n.group(), n.index(), n.privateIp(), n.host())
                .scope(pb, members, provider.nodeVars().of(host));
        return Templates.render(text, scope);
    }

    @Test
    void aHostSeesItsInventoryVariablesHostvarsAndEveryInventoryGroup() throws Exception {
        inventory();
        Playbook pb = playbook("", "say: \"{{ http_port }} {{ inventory_hostname }} {{ groups.db | join(',') }}\"");
        StaticProvider provider = new StaticProvider(pb);
        assertEquals("8080 web1 db1.example.com", render(provider, pb, "web1", pb.steps().get(0).args().get(Step.MAIN_ARG).toString()));
        assertEquals("8081 web2", render(provider, pb, "web2", "{{ http_port }} {{ inventory_hostname }}"), "host vars win over group_vars/all");
        assertEquals("primary 1 2 /srv/shared true", render(provider, pb, "web1",
                "{{ hostvars['db1.example.com'].role }} {{ hostvars['db1.example.com'].sizes }} {{ shared }} {{ tls }}"));
        assertEquals("8081", render(provider, pb, "db1.example.com", "{{ hostvars.web2.http_port }}"));
        assertEquals("db1.example.com mon1|web1 web2 db1.example.com mon1|backend db",
                render(provider, pb, "web1", "{{ groups.backend }}|{{ groups.all | join(' ') }}|{{ hostvars['db1.example.com'].group_names }}"),
                "groups an inventory has beside the playbook's, in Ansible's order");
        assertEquals("from-inventory web", render(provider, pb, "web1", "{{ greeting }} {{ node.group }}"));
    }

    @Test
    void valuesKeepTheirTypesAndHostvarsIsOneSharedView() throws Exception {
        inventory();
        Playbook pb = playbook("", "say: \"{{ http_port }}\"");
        StaticProvider provider = new StaticProvider(pb);
        Map<String, Object> web1 = provider.nodeVars().of("web1");
        assertEquals(8080L, web1.get("http_port"));
        assertEquals(Boolean.TRUE, web1.get("tls"));
        assertEquals(List.of(1L, 2L), ((Map<?, ?>) ((Map<?, ?>) web1.get("hostvars")).get("db1.example.com")).get("sizes"));
        assertSame(web1.get("hostvars"), provider.nodeVars().of("db1.example.com").get("hostvars"), "one hostvars for every node");
        assertSame(web1.get("groups"), provider.nodeVars().of("web2").get("groups"));
        assertNull(web1.get("not_a_var"));
    }

    @Test
    void thePlaybooksVarsWinOverTheInventorys() throws Exception {
        inventory();
        Playbook pb = playbook("vars: {http_port: 9999}\n", "{say: \"{{ http_port }} {{ greeting }}\", groups: [web]}");
        StaticProvider provider = new StaticProvider(pb);
        assertEquals("9999 from-inventory", render(provider, pb, "web2", "{{ http_port }} {{ greeting }}"));
    }

    @Test
    void aNameNeitherDefinesIsAnErrorAtTheTemplateNamingTheHostsThatLackIt() throws Exception {
        inventory();
        Playbook pb = playbook("", "say: \"{{ greeting }}\"", "{name: port, say: \"{{ http_prot }}\", groups: [db]}",
                "{say: \"{{ groups.frontend }}\", groups: [db]}", "{say: \"{{ hostvars['db2'].role }}\", groups: [db]}",
                "{say: \"{{ hostvars['db1.example.com'].rol }}\", groups: [db]}", "{say: \"{{ role | default('none') }}\", groups: [web]}");
        DiagnosticException e = assertThrows(DiagnosticException.class, () -> new StaticProviderFactory().validate(pb));
        String all = e.diagnostics().render();
        assertEquals(5, e.diagnostics().errors().size(), all);
        assertTrue(all.contains("cluster.yml:7:10: Undefined name in template"), all);
        assertTrue(all.contains("\"greeting\" is not defined for host db1.example.com;"), all);
        assertTrue(all.contains("cluster.yml:8:23: Undefined name in template"), all);
        assertTrue(all.contains("\"http_prot\" is not defined for host db1.example.com;") && all.contains("Did you mean \"http_port\"?"), all);
        assertTrue(all.contains("\"{{ groups.frontend }}\" does not name a group of the playbook or of the inventory"), all);
        assertTrue(all.contains("the inventory has no host \"db2\""), all);
        assertTrue(all.contains("\"rol\" is not defined for host db1.example.com"), all);
    }

    @Test
    void aWebOnlyVariableIsFineForAStepOfWebOnlyAndTheLackingHostsAreCounted() throws Exception {
        inventory();
        new StaticProviderFactory().validate(playbook("", "{say: \"{{ greeting }}\", groups: [web]}"));
        Playbook all = playbook("", "{say: \"{{ role }}\"}");
        String shown = assertThrows(DiagnosticException.class, () -> new StaticProviderFactory().validate(all)).diagnostics().render();
        assertTrue(shown.contains("\"role\" is not defined for host web1 (and for 1 more of the hosts that run this step: web2)"), shown);
    }

    @Test
    void aBrokenInventoryTemplateAStepNeedsIsReportedWhereTheInventorySetsIt() throws Exception {
        inventory();
        new StaticProviderFactory().validate(playbook("", "say: \"{{ http_port }}\"")); // nobody reads "broken": no harm
        Playbook pb = playbook("", "say: \"{{ broken }}\"");
        String shown = assertThrows(DiagnosticException.class, () -> new StaticProviderFactory().validate(pb)).diagnostics().render();
        assertTrue(shown.contains("all.yml:5:") && shown.contains("not_there"), shown);
        UserError e = assertThrows(UserError.class, () -> provider(pb.withVars(Map.of())).nodeVars().of("web1").get("broken"));
        assertTrue(e.getMessage().contains("not_there"), e.getMessage());
    }

    /** The provider as a command after validate holds it (the check is validate's; the view also refuses on its own). */
    private StaticProvider provider(Playbook pb) {
        Playbook unchecked = new Playbook(pb.file(), pb.name(), pb.provider(), pb.ssh(), pb.vars(), pb.groups(), pb.storage(), List.of(),
                pb.state());
        return new StaticProvider(unchecked);
    }

    @Test
    void changingAnInventoryVariableAStepUsesRunsItAgainAndOnlyThere() throws Exception {
        inventory();
        Playbook pb = playbook("", "{name: port, say: \"listen {{ http_port }}\"}", "{name: other, say: \"{{ inventory_hostname }}\"}");
        Map<String, Map<String, StepRun>> runs = done(pb);
        assertEquals(List.of(), stepsToRun(pb, runs), "nothing changed");

        Files.writeString(dir.resolve("host_vars/web2.yml"), "http_port: 9090\nunused: 1\n");
        assertEquals(List.of("web2 port " + Reason.Why.DEFINITION_CHANGED), stepsToRun(pb, runs));
        Files.writeString(dir.resolve("host_vars/web2.yml"), "http_port: 8081\nunused: 2\n");
        assertEquals(List.of(), stepsToRun(pb, runs), "a variable no step uses changes no definition");
    }

    private Planner.Result plan(Playbook pb, Map<String, Map<String, StepRun>> runs) throws Exception {
        StaticProvider provider = new StaticProvider(pb);
        List<NodeRecord> nodes = provider.observe().stream().map(o -> NodeRecord.builder(o.name()).group(o.group()).index(o.index())
                .providerId(o.providerId()).endpoint(o.host(), o.port()).privateIp(o.privateIp()).status(NodeStatus.RUNNING, null)
                .hostKey("ssh-ed25519 AAAA").createdAt(Instant.EPOCH).build()).toList();
        Planner.Input in = new Planner.Input(pb, "static", Planner.Current.of(nodes), runs, false, g -> 0, List.of(),
                Planner.Machines.NONE, provider.nodeVars());
        return new Planner(new StepDefinitions(pb, MODULES)).plan(in);
    }

    private Map<String, Map<String, StepRun>> done(Playbook pb) throws Exception {
        Map<String, Map<String, StepRun>> runs = new LinkedHashMap<>();
        for (Change c : plan(pb, Map.of()).plan().changes()) {
            if (c.address() instanceof Address.Step s) {
                runs.computeIfAbsent(s.node().name(), k -> new LinkedHashMap<>()).put(s.name(), new StepRun("a1", s.node().name(), s.name(),
                        c.definition().orElseThrow(), StepRun.Result.CHANGED, "", "", 5, Instant.EPOCH));
            }
        }
        return runs;
    }

    private List<String> stepsToRun(Playbook pb, Map<String, Map<String, StepRun>> runs) throws Exception {
        return plan(pb, runs).plan().changes().stream().filter(c -> c.address() instanceof Address.Step)
                .map(c -> ((Address.Step) c.address()).node().name() + " " + ((Address.Step) c.address()).name() + " " + c.reason().why()).toList();
    }
}
