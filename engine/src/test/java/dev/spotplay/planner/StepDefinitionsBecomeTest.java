package dev.spotplay.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.spotplay.diag.SourceRange;
import dev.spotplay.playbook.Become;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.Step;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whom a step runs as on a node, and that it is part of the step's definition there. */
class StepDefinitionsBecomeTest {
    static final Playbook PB = Fixtures.playbook(List.of(Fixtures.group("web", 2)), List.of());

    static Step step(Become become) {
        return new Step("s", 0, List.of("all"), "echo", Map.of(Step.MAIN_ARG, "hi"), null, SourceRange.NONE, false, become);
    }

    static Map<String, Object> scope(String node) {
        return new NodeFacts(node, "web", 1, null, null).scope(PB, Map.of("web", List.of("w1", "w2")));
    }

    @Test
    void becomeIsPartOfTheDefinitionAndAStepWithoutItHashesAsBefore() {
        StepDefinitions defs = new StepDefinitions(PB, Fixtures.MODULES);
        StepDefinitions.Resolved plain = defs.resolve(step(Become.NONE), scope("w1"));
        StepDefinitions.Resolved off = defs.resolve(step(new Become(false, "pg")), scope("w1"));
        StepDefinitions.Resolved root = defs.resolve(step(new Become(true, null)), scope("w1"));
        StepDefinitions.Resolved pg = defs.resolve(step(new Become(true, "pg")), scope("w1"));
        // The hash a step had before become existed: module, arguments, fingerprint.
        assertEquals(StepDefinitions.sha256("echo\n" + StepDefinitions.canonical(Map.of(Step.MAIN_ARG, "hi")) + "\n"), plain.hash());
        assertEquals(plain.hash(), off.hash(), "become off is no become");
        assertNull(plain.runAs());
        assertEquals("root", root.runAs());
        assertEquals("pg", pg.runAs());
        assertNotEquals(plain.hash(), root.hash(), "turning become on reruns the step");
        assertNotEquals(root.hash(), pg.hash(), "so does another become user");
    }

    /** As Ansible's connection variables over its task keywords: the host's ansible_become* win, field by field. */
    @Test
    void aHostsOwnBecomeWinsOverTheStepsFieldByField() {
        Map<String, Become> hosts = Map.of("w1", new Become(true, null), "w2", new Become(false, "ops"));
        StepDefinitions defs = new StepDefinitions(PB, Fixtures.MODULES, n -> hosts.getOrDefault(n, Become.NONE));
        assertEquals("root", defs.resolve(step(Become.NONE), scope("w1")).runAs());
        assertEquals("pg", defs.resolve(step(new Become(false, "pg")), scope("w1")).runAs(), "the host turns it on, the step names the user");
        assertNull(defs.resolve(step(new Become(true, "pg")), scope("w2")).runAs(), "the host turns it off");
        assertEquals(defs.resolve(step(Become.NONE), scope("w1")).hash(), defs.resolve(step(new Become(true, "root")), scope("w1")).hash());
        assertNull(defs.resolve(step(Become.NONE), scope("w3")).runAs(), "a node the provider says nothing about");
    }

    /** The planner's reused hashes ({@link StepDefinitions#hash}) tell apart nodes that read the same values but run as others. */
    @Test
    void aReusedHashStillFollowsWhomTheStepRunsAs() {
        Map<String, Become> hosts = Map.of("w2", new Become(true, null));
        StepDefinitions defs = new StepDefinitions(PB, Fixtures.MODULES, n -> hosts.getOrDefault(n, Become.NONE));
        Step s = step(Become.NONE);
        String w1 = defs.hash(s, scope("w1"));
        String w2 = defs.hash(s, scope("w2"));
        assertEquals(defs.resolve(s, scope("w1")).hash(), w1);
        assertEquals(defs.resolve(s, scope("w2")).hash(), w2, "w2 runs it as root: its own hash, not w1's reused");
        assertNotEquals(w1, w2);
    }
}
