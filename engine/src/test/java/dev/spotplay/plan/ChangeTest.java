package dev.spotplay.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A change's typed parts and how they read: addresses, reasons, attribute changes, in text and JSON. */
class ChangeTest {

    @Test
    void eachAddressTypeHasTodaysTextFormAndKind() {
        Address.Node node = new Address.Node("worker", "worker003");
        assertEquals("worker.worker003", node.text());
        assertEquals("worker.worker003.step[\"fetch data\"]", new Address.Step(node, "fetch data", 2).text());
        assertEquals("worker.worker003[i-123]", new Address.Duplicate(node, "i-123").text());
        assertEquals("spotplay-demo", new Address.Resource("key_pair", "spotplay-demo").text());
        assertEquals(List.of("node", "step", "node", "key_pair"), List.of(node.kind(), new Address.Step(node, "x", 0).kind(),
                new Address.Duplicate(node, "i-1").kind(), new Address.Resource("key_pair", "k").kind()));
    }

    @Test
    void aResourceKindIsTheProvidersLowercaseWordNeverThePlansOwn() {
        for (String bad : new String[] {"Key-Pair", "key pair", "", "node", "step", "kp1"}) {
            assertThrows(IllegalArgumentException.class, () -> new Address.Resource(bad, "x"), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new Address.Resource(null, "x"));
    }

    @Test
    void reasonsBuildTheirTextFromTypedDetails() {
        assertEquals("new", Reason.of(Reason.Why.NEW_NODE).text());
        assertEquals("new node", Reason.of(Reason.Why.STEP_ON_NEW_NODE).text());
        assertEquals("scale down to 2", Reason.scaleDown(2).text());
        assertEquals("gone", Reason.gone(null).text());
        assertEquals("gone: interrupted: EC2 reclaimed the spot capacity", Reason.gone("interrupted: EC2 reclaimed the spot capacity").text());
        assertEquals("down: no SSH within 9s", Reason.down("no SSH within 9s").text());
        assertEquals("duplicate of worker001 (i-1), which stays", Reason.duplicateOf("worker001", "i-1").text());
        assertEquals("group \"gpu\" is no longer in the playbook", Reason.groupRemoved("gpu").text());
        assertEquals("no longer declared by the static provider", Reason.noLongerDeclared("static").text());
        assertEquals("destroy (already gone: process gone)", Reason.destroyGone("process gone").text());
        assertEquals("destroy (already gone)", Reason.destroyGone(null).text());
        assertEquals("destroy: duplicate of worker001", Reason.destroyDuplicate("worker001").text());
        assertEquals("--include-storage: its data is deleted", Reason.of(Reason.Why.DATA_DELETED).text());
        assertEquals(Reason.Why.SCALE_DOWN, Reason.scaleDown(2).why());
        assertEquals(List.of("2"), Reason.scaleDown(2).details());
    }

    @Test
    void aReasonRefusesTheWrongNumberOfDetails() {
        assertThrows(IllegalArgumentException.class, () -> Reason.of(Reason.Why.SCALE_DOWN));
        assertThrows(IllegalArgumentException.class, () -> new Reason(Reason.Why.ALWAYS, List.of("x")));
        assertThrows(IllegalArgumentException.class, () -> new Reason(Reason.Why.DUPLICATE_OF, List.of("worker001")));
    }

    @Test
    void onlyAnUpdateOrAReplacementChangesAttributes() {
        List<AttributeChange> attrs = List.of(new AttributeChange("instance_type", "t3.small", "t3.medium"));
        Change update = Change.resource(Action.UPDATE, "security_group", "sg", Reason.attributeChanged("x")).withAttributes(attrs);
        assertEquals(attrs, update.attributes());
        Change replace = Change.node(Action.REPLACE, "worker", "worker001", Reason.attributeChanged("x")).withAttributes(attrs);
        assertEquals(attrs, replace.attributes());
        for (Action a : new Action[] {Action.CREATE, Action.DELETE, Action.RUN}) {
            Change c = Change.node(a, "worker", "worker001", Reason.of(Reason.Why.NEW_NODE));
            assertThrows(IllegalArgumentException.class, () -> c.withAttributes(attrs), a.name());
        }
    }

    private static Plan plan(Change... changes) {
        return new Plan("demo", "aws", List.of(changes), 3, 0, List.of());
    }

    @Test
    void attributeChangesAreRenderedUnderTheirChangeInTextAndJson() {
        Change sg = Change.resource(Action.UPDATE, "security_group", "spotplay-demo",
                        Reason.attributeChanged("SSH (tcp 22) from 127.0.0.2/32 added; from 127.0.0.1/32 removed"))
                .withAttributes(List.of(new AttributeChange("ssh_from", "127.0.0.1/32", "127.0.0.2/32")));
        Change node = Change.node(Action.REPLACE, "worker", "worker001", Reason.attributeChanged("its type changed"))
                .withAttributes(List.of(new AttributeChange("instance_type", "t3.small", "t3.medium"),
                        new AttributeChange("market", "spot", "on-demand")));
        Plan plan = plan(sg, node);
        assertEquals("""
                Cluster "demo" (provider aws):

                    ~ security_group spotplay-demo  (SSH (tcp 22) from 127.0.0.2/32 added; from 127.0.0.1/32 removed)
                        ssh_from: 127.0.0.1/32 -> 127.0.0.2/32
                  -/+ node worker.worker001  (its type changed)
                        instance_type: t3.small -> t3.medium
                        market: spot -> on-demand

                Plan: 1 node to launch, 1 to terminate, 0 steps to run on 0 nodes. Est. $0.00/h
                """, new TextPlanRenderer(false).render(plan));
        assertEquals("{\"format_version\":1,\"cluster\":\"demo\",\"provider\":\"aws\",\"changes\":["
                + "{\"action\":\"update\",\"kind\":\"security_group\",\"address\":\"spotplay-demo\","
                + "\"reason\":\"SSH (tcp 22) from 127.0.0.2/32 added; from 127.0.0.1/32 removed\","
                + "\"attributes\":[{\"name\":\"ssh_from\",\"before\":\"127.0.0.1/32\",\"after\":\"127.0.0.2/32\"}]},"
                + "{\"action\":\"replace\",\"kind\":\"node\",\"address\":\"worker.worker001\",\"group\":\"worker\",\"node\":\"worker001\","
                + "\"reason\":\"its type changed\",\"attributes\":[{\"name\":\"instance_type\",\"before\":\"t3.small\",\"after\":\"t3.medium\"},"
                + "{\"name\":\"market\",\"before\":\"spot\",\"after\":\"on-demand\"}]}],"
                + "\"summary\":{\"nodes_to_launch\":1,\"nodes_to_terminate\":1,\"nodes_to_update\":0,\"steps_to_run\":0,\"nodes_with_steps\":0,\"step_runs\":0,"
                + "\"live_nodes\":3,\"hourly_cost_usd\":0.0},\"notes\":[]}\n", new JsonPlanRenderer().render(plan));
    }

    @Test
    void aResourceChangeWithoutAttributesReadsAsBefore() {
        Plan plan = plan(Change.resource(Action.CREATE, "key_pair", "spotplay-demo", Reason.newResource("the cluster's ed25519 key, imported")));
        assertEquals("""
                Cluster "demo" (provider aws):

                    + key_pair spotplay-demo  (the cluster's ed25519 key, imported)

                Plan: 0 nodes to launch, 0 to terminate, 0 steps to run on 0 nodes. Est. $0.00/h
                """, new TextPlanRenderer(false).render(plan));
        assertEquals("{\"action\":\"create\",\"kind\":\"key_pair\",\"address\":\"spotplay-demo\",\"reason\":\"the cluster's ed25519 key, imported\"}",
                between(new JsonPlanRenderer().render(plan), "\"changes\":[", "],\"summary\""));
    }

    private static String between(String s, String from, String to) {
        int a = s.indexOf(from) + from.length();
        return s.substring(a, s.indexOf(to, a));
    }
}
