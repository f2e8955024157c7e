package dev.spotplay.state.h2;

import static dev.spotplay.state.h2.Fixtures.NO_WAIT;
import static dev.spotplay.state.h2.Fixtures.holder;
import static dev.spotplay.state.h2.Fixtures.node;
import static dev.spotplay.state.h2.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.state.ApplyRecord;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.state.StateStore;
import dev.spotplay.state.StepRun;
import dev.spotplay.state.StepRun.Result;
import dev.spotplay.testing.Integration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Integration
class H2StateStoreTest {

    @TempDir
    Path dir;

    private StateStore open() {
        return StateFiles.openForUpdate(dir.resolve("demo.mv.db"), "demo", holder("apply"), NO_WAIT);
    }

    private StateStore reopen() {
        return StateFiles.openReadOnly(dir.resolve("demo.mv.db"), NO_WAIT);
    }

    @Test
    void nodesRoundTripEveryFieldAcrossReopen() {
        NodeRecord full = node("worker003");
        NodeRecord sparse = NodeRecord.builder("head001").group("head").index(1).endpoint(null, 22)
                .status(NodeStatus.LAUNCHING, null).launchToken("tok").build();
        try (StateStore s = open()) {
            s.saveNode(full);
            s.saveNode(sparse);
            assertEquals(Optional.of("demo"), s.cluster());
        }
        try (StateStore s = reopen()) {
            assertEquals(Optional.of(full), s.node("worker003"));
            assertEquals(Optional.of(sparse), s.node("head001"));
            assertEquals(List.of(sparse, full), s.nodes());
            assertEquals(Optional.empty(), s.node("worker001"));
        }
    }

    @Test
    void saveNodeReplacesTheRecordWithTheSameName() {
        try (StateStore s = open()) {
            s.saveNode(node("worker001"));
            s.saveNode(node("worker001").withStatus(NodeStatus.GONE, "interrupted"));
            assertEquals(1, s.nodes().size());
            assertEquals(NodeStatus.GONE, s.node("worker001").orElseThrow().status());
            assertEquals("interrupted", s.node("worker001").orElseThrow().statusReason());
        }
    }

    @Test
    void stepRunsRoundTripEveryField() {
        StepRun r = run("worker001", "fetch data", "9f2c", Result.FAILED);
        try (StateStore s = open()) {
            s.saveNode(node("worker001"));
            s.recordRun(r);
        }
        try (StateStore s = reopen()) {
            assertEquals(Map.of("worker001", Map.of("fetch data", r)), s.latestRuns());
        }
    }

    @Test
    void outputTailKeepsTheLast4000Characters() {
        String output = "x".repeat(10_000) + "the end";
        try (StateStore s = open()) {
            s.saveNode(node("worker001"));
            s.recordRun(new StepRun("a", "worker001", "s", "h", Result.FAILED, "m", output, 1, Fixtures.T0));
            String tail = s.latestRuns().get("worker001").get("s").outputTail();
            assertEquals(4000, tail.length());
            assertTrue(tail.endsWith("the end"));
        }
    }

    @Test
    void latestRunsIsTheLatestCurrentRunPerStepOfRecordedNodes() {
        try (StateStore s = open()) {
            s.saveNode(node("worker001"));
            s.saveNode(node("worker002"));
            s.recordRun(run("worker001", "a", "h1", Result.FAILED));
            s.recordRun(run("worker001", "a", "h2", Result.CHANGED));
            s.recordRun(run("worker001", "b", "h3", Result.UNCHANGED));
            s.recordRun(run("worker002", "a", "h4", Result.CHANGED));
            s.recordRun(run("ghost009", "a", "h5", Result.CHANGED)); // not a recorded node

            Map<String, Map<String, StepRun>> latest = s.latestRuns();
            assertEquals(Set.of("worker001", "worker002"), latest.keySet());
            assertEquals("h2", latest.get("worker001").get("a").hash());
            assertEquals("h3", latest.get("worker001").get("b").hash());
            assertEquals("h4", latest.get("worker002").get("a").hash());
        }
    }

    @Test
    void resetRunsForgetsOneNodesRunsButAfterwardsNewRunsCount() {
        try (StateStore s = open()) {
            s.saveNode(node("worker001"));
            s.saveNode(node("worker002"));
            s.recordRun(run("worker001", "a", "old", Result.CHANGED));
            s.recordRun(run("worker002", "a", "other", Result.CHANGED));

            s.resetRuns("worker001");
            assertEquals(Set.of("worker002"), s.latestRuns().keySet());

            s.recordRun(run("worker001", "b", "new", Result.CHANGED));
            assertEquals(Set.of("b"), s.latestRuns().get("worker001").keySet());
            assertEquals(3, historySize(s));
        }
    }

    @Test
    void deleteNodeKeepsHistoryAndAReusedNameStartsAfresh() {
        try (StateStore s = open()) {
            s.saveNode(node("worker001"));
            s.recordRun(run("worker001", "a", "h", Result.CHANGED));
            s.deleteNode("worker001");
            assertEquals(List.of(), s.nodes());
            assertEquals(Map.of(), s.latestRuns());

            s.saveNode(node("worker001")); // the freed name is reused by a replacement
            assertEquals(Map.of(), s.latestRuns());
            assertEquals(1, historySize(s));
        }
    }

    @Test
    void appliesRecordBeginAndFinish() {
        String id;
        try (StateStore s = open()) {
            id = s.beginApply("apply", "apply by alice@box (pid 4242) since x");
            assertTrue(id.matches("\\d{8}T\\d{6}Z-[0-9a-f]{4}"), id);
            ApplyRecord running = s.applies().get(0);
            assertNull(running.finishedAt());
            assertNull(running.result());
            s.finishApply(id, "success");
        }
        try (StateStore s = reopen()) {
            ApplyRecord done = s.applies().get(0);
            assertEquals(id, done.id());
            assertEquals("apply", done.command());
            assertEquals("apply by alice@box (pid 4242) since x", done.holder());
            assertNotNull(done.startedAt());
            assertFalse(done.finishedAt().isBefore(done.startedAt()));
            assertEquals("success", done.result());
        }
    }

    @Test
    void applyIdsAreUniqueAndTimeOrdered() {
        try (StateStore s = open()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ids.add(s.beginApply("apply", "h"));
            }
            assertEquals(50, Set.copyOf(ids).size());
            assertEquals(50, s.applies().size());
            for (int i = 1; i < ids.size(); i++) {
                assertTrue(ids.get(i - 1).substring(0, 16).compareTo(ids.get(i).substring(0, 16)) <= 0, ids.toString());
            }
        }
    }

    @Test
    void factsPutGetRemove() {
        try (StateStore s = open()) {
            s.put("key_pair", "spotplay-demo");
            s.put("key_pair", "spotplay-demo-2");
            s.put("security_group", "sg-1");
            s.remove("security_group");
        }
        try (StateStore s = reopen()) {
            assertEquals(Optional.of("spotplay-demo-2"), s.get("key_pair"));
            assertEquals(Optional.empty(), s.get("security_group"));
        }
    }

    @Test
    void readOnlyStoreRefusesEveryWrite() {
        try (StateStore s = open()) {
            s.saveNode(node("worker001"));
        }
        try (StateStore s = reopen()) {
            assertThrows(UnsupportedOperationException.class, () -> s.saveNode(node("worker002")));
            assertThrows(UnsupportedOperationException.class, () -> s.deleteNode("worker001"));
            assertThrows(UnsupportedOperationException.class, () -> s.resetRuns("worker001"));
            assertThrows(UnsupportedOperationException.class, () -> s.recordRun(run("worker001", "a", "h", Result.CHANGED)));
            assertThrows(UnsupportedOperationException.class, () -> s.beginApply("apply", "h"));
            assertThrows(UnsupportedOperationException.class, () -> s.finishApply("x", "ok"));
            assertThrows(UnsupportedOperationException.class, () -> s.put("k", "v"));
            assertThrows(UnsupportedOperationException.class, () -> s.remove("k"));
            assertEquals(1, s.nodes().size());
        }
    }

    @Test
    void eightThreadsWriteConcurrentlyAndNothingIsLost() throws Exception {
        int threads = 8;
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (StateStore s = open()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String name = "worker%03d".formatted(t + 1);
                futures.add(pool.submit(() -> {
                    s.saveNode(node(name));
                    for (int i = 0; i < perThread; i++) {
                        s.recordRun(run(name, "step" + i, "h" + i, Result.CHANGED));
                        s.put(name + "." + i, "v");
                        s.latestRuns();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        try (StateStore s = reopen()) {
            Map<String, Map<String, StepRun>> latest = s.latestRuns();
            assertEquals(threads, latest.size());
            assertEquals(Set.of(perThread), latest.values().stream().map(Map::size).collect(Collectors.toSet()));
            assertEquals(Optional.of("v"), s.get("worker008." + (perThread - 1)));
        }
    }

    private static int historySize(StateStore s) {
        return ((dev.spotplay.state.sql.SqlStateStore) s).historySize();
    }
}
