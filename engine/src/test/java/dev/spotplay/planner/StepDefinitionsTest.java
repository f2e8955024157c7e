package dev.spotplay.planner;

import static dev.spotplay.planner.Fixtures.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spotplay.diag.SourceRange;
import dev.spotplay.diag.UserError;
import dev.spotplay.module.ModuleCatalog;
import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepModule;
import dev.spotplay.module.StepResult;
import dev.spotplay.playbook.Membership;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.ProviderConfig;
import dev.spotplay.playbook.SshConfig;
import dev.spotplay.playbook.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link StepDefinitions#hash} reuses a hash between nodes that agree on every value the step's
 * templates read; the unshared {@link StepDefinitions#resolve} of a fresh instance is the judge.
 */
class StepDefinitionsTest {

    /**
     * Like the template module: its fingerprint renders a "file" picked by its (rendered) {@code src},
     * so which names a step reads can depend on a value read before (group a's file names the node,
     * group b's does not).
     */
    private static final Map<String, String> FILES = Map.of(
            "a", "peers {{ groups.a | join(\",\") }} on {{ node.name }}",
            "b", "all {{ groups.all }}, {{ port | default(\"22\") }}",
            "c", "{{ node.group }}");
    private static final StepModule TEMPLATE = new StepModule() {
        @Override public String name() { return "tmpl"; }
        @Override public Set<String> options() { return Set.of(); }
        @Override public List<ArgProblem> validate(Map<String, Object> args) { return List.of(); }
        @Override public StepResult run(StepContext ctx) { throw new UnsupportedOperationException("never run here"); }

        @Override
        public String fingerprint(Map<String, Object> args, Path dir, StepContext.TemplateRenderer templates) {
            @SuppressWarnings("unchecked")
            String src = ((Map<String, Object>) args.get(Step.MAIN_ARG)).get("src").toString();
            return templates.render(FILES.getOrDefault(src, "{{ undefined_name }}"), src);
        }
    };
    private static final ModuleCatalog MODULES = new ModuleCatalog(List.of(Fixtures.ECHO, TEMPLATE));

    private static Step tmpl(int index, String src) {
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("src", src);
        Map<String, Object> args = new LinkedHashMap<>();
        args.put(Step.MAIN_ARG, main);
        return new Step("t" + index, index, List.of("all"), "tmpl", args, null, SourceRange.NONE);
    }

    private static Playbook playbook(Map<String, Object> vars, List<Step> steps) {
        return new Playbook(Path.of("/tmp/pb/cluster.yml"), "demo", new ProviderConfig("local", Map.of(), Membership.COUNTED),
                SshConfig.defaults(), vars, List.of(group("a", 3), group("b", 2), group("c", 2)), List.of(), steps);
    }

    private static final List<Step> STEPS = List.of(
            Fixtures.step(0, "same everywhere", "mkdir -p /data"),
            Fixtures.step(1, "a var", "echo {{ greeting }}"),
            Fixtures.step(2, "per node", "echo {{ node.name }} {{ node.index }}"),
            tmpl(3, "{{ node.group }}"),
            tmpl(4, "b"),
            Fixtures.step(5, "a default", "echo {{ nothing | default(\"none\") }} {{ groups.c }}"));

    private static Map<String, List<String>> members() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("a", List.of("a001", "a002", "a003"));
        m.put("b", List.of("b001", "b002"));
        m.put("c", List.of("c001", "c002"));
        return m;
    }

    private static List<Map<String, Object>> scopes(Playbook pb, Map<String, List<String>> members) {
        NodeFacts.Shared shared = NodeFacts.Shared.of(pb, members);
        List<Map<String, Object>> out = new ArrayList<>();
        members.forEach((g, names) -> {
            for (int i = 0; i < names.size(); i++) {
                out.add(new NodeFacts(names.get(i), g, i + 1, "10.0.0." + i, "127.0.0.1").scope(shared));
            }
        });
        return out;
    }

    @Test
    void everyNodesHashIsTheOneItsOwnResolutionGives() {
        Playbook pb = playbook(Map.of("greeting", "hi"), STEPS);
        StepDefinitions shared = new StepDefinitions(pb, MODULES);
        List<Map<String, Object>> scopes = scopes(pb, members());
        Map<String, Integer> distinct = new LinkedHashMap<>();
        for (Step s : STEPS) {
            Set<String> seen = new java.util.HashSet<>();
            for (Map<String, Object> scope : scopes) {
                String reused = shared.hash(s, scope);
                assertEquals(new StepDefinitions(pb, MODULES).resolve(s, scope).hash(), reused, s.name() + " on " + scope.get("node"));
                seen.add(reused);
            }
            distinct.put(s.name(), seen.size());
        }
        // what the nodes differ in shows: 7 nodes, 3 groups
        assertEquals(Map.of("same everywhere", 1, "a var", 1, "per node", 7, "t3", 5, "t4", 1, "a default", 1), distinct);
    }

    @Test
    void aValueThatChangesBetweenNodesIsNoticedWhereverItIsRead() {
        Playbook pb = playbook(Map.of("greeting", "hi", "port", 2222), STEPS);
        StepDefinitions defs = new StepDefinitions(pb, MODULES);
        Map<String, List<String>> members = members();
        Map<String, Object> before = scopes(pb, members).get(3); // b001
        String t4 = defs.hash(STEPS.get(4), before);
        String t5 = defs.hash(STEPS.get(5), before);
        // one more node in c: groups.all and groups.c differ, so t4 (via its file) and t5 (via its argument) change
        members.put("c", List.of("c001", "c002", "c003"));
        Map<String, Object> after = scopes(pb, members).get(3);
        assertNotEquals(t4, defs.hash(STEPS.get(4), after));
        assertNotEquals(t5, defs.hash(STEPS.get(5), after));
        assertEquals(new StepDefinitions(pb, MODULES).resolve(STEPS.get(4), after).hash(), defs.hash(STEPS.get(4), after));
        // and back: the first hash again
        assertEquals(t4, defs.hash(STEPS.get(4), before));
    }

    @Test
    void aStepThatFailsToResolveFailsOnEveryNode() {
        Step broken = tmpl(0, "{{ node.name }}"); // no such file: renders {{ undefined_name }}
        Playbook pb = playbook(Map.of(), List.of(broken));
        StepDefinitions defs = new StepDefinitions(pb, MODULES);
        for (Map<String, Object> scope : scopes(pb, members())) {
            UserError e = assertThrows(UserError.class, () -> defs.hash(broken, scope));
            assertEquals(true, e.getMessage().contains("\"undefined_name\" is not defined"), e.getMessage());
        }
        Step later = Fixtures.step(1, "later", "echo {{ greeting }}");
        StepDefinitions twice = new StepDefinitions(playbook(Map.of(), List.of(later)), MODULES);
        Map<String, Object> scope = scopes(pb, members()).get(0);
        assertThrows(UserError.class, () -> twice.hash(later, scope));
        assertThrows(UserError.class, () -> twice.hash(later, scope));
    }
}
