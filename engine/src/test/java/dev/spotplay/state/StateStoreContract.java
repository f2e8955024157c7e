package dev.spotplay.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.UserError;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What every state backend promises, whatever it keeps the state in: run it for a backend by
 * extending it with {@link #newLocation()}. Integration tier: it runs against the real store.
 */
public abstract class StateStoreContract {

    protected static final Duration NO_WAIT = Duration.ZERO;
    protected static final Holder ALICE = new Holder("apply", "alice", "box", 4242, Instant.parse("2026-11-24T16:50:02Z"));
    protected static final Holder BOB = new Holder("destroy", "bob", "laptop", 77, Instant.parse("2026-11-24T17:00:00Z"));

    /** A place for a state of its own, with nothing in it yet; each call a different one. */
    protected abstract StateLocation newLocation();

    protected static NodeRecord node(String name) {
        return NodeRecord.builder(name).group("worker").index(1).providerId("i-" + name).endpoint("127.0.0.1", 40122)
                .status(NodeStatus.RUNNING, "answered ssh").hostKey("ssh-ed25519 AAAAC3Nza").launchToken("token-" + name)
                .createdAt(Instant.parse("2026-11-24T16:50:02Z"))
                .launch(java.util.Map.of("instance_type", "t3.small", "tags", "{\"team\":\"ml, \\\"x\\\"\"}", "image", "ami-1")).build();
    }

    protected static StepRun run(String node, String step) {
        return new StepRun("20261124T165002Z-4f2a", node, step, "h", StepRun.Result.CHANGED, "ok", "out\n", 12,
                Instant.parse("2026-11-24T16:50:07Z"));
    }

    @Test
    void aMissingStateReadsEmptyWithNoLineageAndIsNotCreated() {
        StateLocation at = newLocation();
        try (StateStore s = at.openReadOnly(NO_WAIT)) {
            assertEquals(Optional.empty(), s.cluster());
            assertEquals(Optional.empty(), s.lineage());
            assertEquals(0, s.serial());
            assertEquals(List.of(), s.nodes());
            assertThrows(UnsupportedOperationException.class, () -> s.saveNode(node("worker001")));
        }
        assertFalse(at.exists());
    }

    @Test
    void aNewStateGetsALineageThatStaysAcrossOpens() {
        StateLocation at = newLocation();
        UUID lineage;
        try (StateStore s = at.openForUpdate("demo", ALICE, NO_WAIT)) {
            lineage = s.lineage().orElseThrow();
            s.saveNode(node("worker001"));
        }
        assertTrue(at.exists());
        try (StateStore s = at.openForUpdate("demo", ALICE, NO_WAIT)) {
            assertEquals(Optional.of(lineage), s.lineage());
            s.put("k", "v");
        }
        try (StateStore s = at.openReadOnly(NO_WAIT)) {
            assertEquals(Optional.of(lineage), s.lineage());
        }
    }

    @Test
    void twoStatesOfTheSameClusterHaveDistinctLineages() {
        UUID a;
        UUID b;
        try (StateStore s = newLocation().openForUpdate("demo", ALICE, NO_WAIT)) {
            a = s.lineage().orElseThrow();
        }
        try (StateStore s = newLocation().openForUpdate("demo", ALICE, NO_WAIT)) {
            b = s.lineage().orElseThrow();
        }
        assertNotEquals(a, b);
    }

    @Test
    void theSerialRisesByOneWithEveryCommittedWriteAndOnlyThen() {
        StateLocation at = newLocation();
        try (StateStore s = at.openForUpdate("demo", ALICE, NO_WAIT)) {
            assertEquals(0, s.serial());
            s.saveNode(node("worker001"));
            assertEquals(1, s.serial());
            s.saveNodes(List.of(node("worker002"), node("worker003"))); // one transaction
            assertEquals(2, s.serial());
            s.recordRuns(List.of(run("worker001", "a"), run("worker001", "b")));
            String id = s.beginApply("apply", ALICE.describe());
            s.finishApply(id, "ok");
            s.put("k", "v");
            s.remove("k");
            s.resetRuns("worker002");
            s.deleteNode("worker003");
            assertEquals(9, s.serial());
            s.nodes();
            s.latestRuns();
            s.applies();
            s.saveNodes(List.of()); // nothing to write: no transaction
            assertEquals(9, s.serial());
        }
        try (StateStore s = at.openForUpdate("demo", ALICE, NO_WAIT)) {
            assertEquals(9, s.serial()); // opening and closing is not a write
        }
        try (StateStore s = at.openReadOnly(NO_WAIT)) {
            assertEquals(9, s.serial());
        }
    }

    @Test
    void aSecondWriterFailsAtOnceNamingTheHolderAndTheFirstCarriesOn() {
        StateLocation at = newLocation();
        try (StateStore first = at.openForUpdate("demo", ALICE, NO_WAIT)) {
            UserError e = assertThrows(UserError.class, () -> at.openForUpdate("demo", BOB, NO_WAIT));
            assertEquals("State " + at.display() + " is locked by apply by alice@box (pid 4242) since 2026-11-24 16:50:02 UTC\n"
                    + "Wait for it to finish, or retry with --lock-timeout 5m.", e.getMessage());
            first.saveNode(node("worker001"));
        }
        try (StateStore again = at.openForUpdate("demo", BOB, NO_WAIT)) { // closing released the lock
            assertEquals(1, again.nodes().size());
        }
    }

    @Test
    void aWaitingWriterGivesUpAfterTheTimeoutNamingTheHolder() {
        StateLocation at = newLocation();
        try (StateStore first = at.openForUpdate("demo", ALICE, NO_WAIT)) {
            long start = System.nanoTime();
            UserError e = assertThrows(UserError.class, () -> at.openForUpdate("demo", BOB, Duration.ofMillis(300)));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 300, "waited its timeout");
            assertEquals("State " + at.display() + " is locked by apply by alice@box (pid 4242) since 2026-11-24 16:50:02 UTC\n"
                    + "Gave up after waiting 300ms. Wait for it to finish, or retry with a longer --lock-timeout.", e.getMessage());
        }
    }

    @Test
    void aWaitingWriterGetsTheLockOnceTheHolderCloses() throws Exception {
        StateLocation at = newLocation();
        StateStore first = at.openForUpdate("demo", ALICE, NO_WAIT);
        AtomicBoolean released = new AtomicBoolean();
        CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> {
            try (StateStore s = at.openForUpdate("demo", BOB, Duration.ofSeconds(30))) {
                assertTrue(released.get(), "the second writer got in only once the first let go");
                return s.serial();
            }
        });
        first.saveNode(node("worker001"));
        released.set(true);
        first.close();
        assertEquals(1, second.get(30, TimeUnit.SECONDS), "and it sees what the first wrote");
    }

    @Test
    void aStateOfAnotherClusterIsRefusedAndTheLockReleased() {
        StateLocation at = newLocation();
        at.openForUpdate("demo", ALICE, NO_WAIT).close();
        UserError e = assertThrows(UserError.class, () -> at.openForUpdate("prod", ALICE, NO_WAIT));
        assertTrue(e.getMessage().contains("belongs to cluster \"demo\", not \"prod\""), e.getMessage());
        at.openForUpdate("demo", ALICE, NO_WAIT).close();
    }

    @Test
    void aNewStateRecordsEveryMigrationAsSucceededWithItsChecksum() {
        StateLocation at = newLocation();
        List<AppliedMigration> history;
        try (StateStore s = at.openForUpdate("demo", ALICE, NO_WAIT)) {
            history = s.schemaHistory();
        }
        assertFalse(history.isEmpty());
        for (int i = 0; i < history.size(); i++) {
            AppliedMigration m = history.get(i);
            assertEquals(i + 1, m.version(), "versions from 1, in order: " + history);
            assertTrue(m.success(), m.toString());
            assertTrue(m.checksum().matches("[0-9a-f]{64}"), m.toString());
            assertTrue(m.installedOn().isPresent() && m.executionTime().isPresent(), "a migration run now has its time: " + m);
        }
        try (StateStore s = at.openReadOnly(NO_WAIT)) {
            assertEquals(history, s.schemaHistory());
        }
        try (StateStore s = at.openForUpdate("demo", ALICE, NO_WAIT)) {
            assertEquals(history, s.schemaHistory(), "an up-to-date state is not migrated again");
        }
    }

    @Test
    void recordsRoundTripThroughTheBackend() {
        StateLocation at = newLocation();
        try (StateStore s = at.openForUpdate("demo", ALICE, NO_WAIT)) {
            s.saveNode(node("worker001"));
            s.saveNode(NodeRecord.builder("worker002").group("worker").index(2).status(NodeStatus.LAUNCHING, null).build());
            s.recordRun(run("worker001", "a"));
            s.put("key_pair", "spotplay-demo");
            s.finishApply(s.beginApply("apply", ALICE.describe()), "ok");
        }
        try (StateStore s = at.openReadOnly(NO_WAIT)) {
            assertEquals(Optional.of("demo"), s.cluster());
            assertEquals(Optional.of(node("worker001")), s.node("worker001"));
            assertEquals("t3.small", s.node("worker001").orElseThrow().launch().get("instance_type"), "launch settings kept");
            assertEquals(java.util.Map.of(), s.node("worker002").map(NodeRecord::launch).orElse(java.util.Map.of()));
            assertEquals(run("worker001", "a"), s.latestRuns().get("worker001").get("a"));
            assertEquals(Optional.of("spotplay-demo"), s.get("key_pair"));
            assertEquals("ok", s.applies().get(0).result());
            assertThrows(UnsupportedOperationException.class, () -> s.put("k", "v"));
        }
    }
}
