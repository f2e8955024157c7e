package dev.spotplay.planner;

import static dev.spotplay.planner.Fixtures.group;
import static dev.spotplay.planner.Fixtures.playbook;
import static dev.spotplay.planner.Fixtures.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.playbook.Playbook;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkGraphTest {

    /** head001 exists and re-runs "base"; both workers are new and run both steps after head is done. */
    @Test
    void stableTextFormIsTheSchedule() {
        Playbook pb = playbook(List.of(group("head", 1), group("worker", 2, "head")),
                List.of(step(0, "base", "x"), step(1, "fetch", "y", "worker")));
        WorkGraph g = WorkGraph.build(pb, Map.of("head", List.of("head001"), "worker", List.of("worker001", "worker002")),
                Set.of("worker001", "worker002"), List.of(
                        new WorkGraph.PlannedStep("head001", 0, "base"),
                        new WorkGraph.PlannedStep("worker001", 1, "fetch"),
                        new WorkGraph.PlannedStep("worker001", 0, "base"),
                        new WorkGraph.PlannedStep("worker002", 0, "base"),
                        new WorkGraph.PlannedStep("worker002", 1, "fetch")));
        assertEquals("""
                done(head) -> up(worker001)
                done(head) -> up(worker002)
                launch(worker001) -> up(worker001)
                launch(worker002) -> up(worker002)
                prepare -> launch(worker001)
                prepare -> launch(worker002)
                prepare -> up(head001)
                step(head001#0 base) -> done(head)
                step(worker001#0 base) -> step(worker001#1 fetch)
                step(worker002#0 base) -> step(worker002#1 fetch)
                up(head001) -> step(head001#0 base)
                up(worker001) -> step(worker001#0 base)
                up(worker002) -> step(worker002#0 base)
                """, g.describe());
    }

    /** No barrier without an after; a node with nothing to do has no vertex; a launched node with no steps still comes up. */
    @Test
    void onlyWhatRunsIsInTheGraph() {
        Playbook pb = playbook(List.of(group("a", 2), group("b", 1)), List.of(step(0, "base", "x")));
        WorkGraph g = WorkGraph.build(pb, Map.of("a", List.of("a001", "a002"), "b", List.of("b001")),
                Set.of("b001"), List.of(new WorkGraph.PlannedStep("a002", 0, "base")));
        assertEquals("""
                launch(b001) -> up(b001)
                prepare -> launch(b001)
                prepare -> up(a002)
                up(a002) -> step(a002#0 base)
                """, g.describe());
    }

    /** c waits for b, b for a; b has no work, and c still follows a through b's barrier. */
    @Test
    void barriersChainThroughAGroupWithoutWork() {
        Playbook pb = playbook(List.of(group("a", 1), group("b", 1, "a"), group("c", 1, "b")), List.of(step(0, "base", "x")));
        WorkGraph g = WorkGraph.build(pb, Map.of("a", List.of("a001"), "b", List.of("b001"), "c", List.of("c001")),
                Set.of(), List.of(new WorkGraph.PlannedStep("a001", 0, "base"), new WorkGraph.PlannedStep("c001", 0, "base")));
        assertEquals("""
                done(a) -> done(b)
                done(b) -> up(c001)
                prepare -> up(a001)
                prepare -> up(c001)
                step(a001#0 base) -> done(a)
                up(a001) -> step(a001#0 base)
                up(c001) -> step(c001#0 base)
                """, g.describe());
        List<WorkGraph.Vertex> order = g.order();
        assertTrue(order.indexOf(new WorkGraph.GroupDone("b")) < order.indexOf(new WorkGraph.NodeUp("c001", "c")), order.toString());
        assertEquals(List.of(new WorkGraph.GroupDone("b")), g.upstream(new WorkGraph.NodeUp("c001", "c")).stream()
                .filter(v -> v instanceof WorkGraph.GroupDone).toList());
    }

    @Test
    void groupOrderFollowsAfterThenPlaybookOrder() {
        Playbook pb = playbook(List.of(group("db", 1, "net"), group("web", 1, "db"), group("net", 1), group("cache", 1)), List.of());
        assertEquals(List.of("net", "db", "web", "cache"), WorkGraph.groupOrder(pb));
    }
}
