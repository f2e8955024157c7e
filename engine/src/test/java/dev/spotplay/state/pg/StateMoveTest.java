package dev.spotplay.state.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.UserError;
import dev.spotplay.state.Holder;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.state.StateLocation;
import dev.spotplay.state.StateMove;
import dev.spotplay.state.StateSnapshot;
import dev.spotplay.state.StateStore;
import dev.spotplay.state.StepRun;
import dev.spotplay.state.h2.H2Backend;
import dev.spotplay.testing.Integration;
import dev.spotplay.testing.Postgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** state push|pull between a real H2 file and a real PostgreSQL database. */
@Integration
class StateMoveTest {

    private static final Duration NO_WAIT = Duration.ZERO;
    private static final Holder ALICE = new Holder("apply", "alice", "box", 4242, Instant.parse("2026-11-24T16:50:02Z"));

    @TempDir
    Path dir;

    private StateLocation file;
    private StateLocation db;
    private Postgres pg;
    private String database;

    @BeforeEach
    void places() {
        pg = Postgres.get();
        database = pg.createDatabase();
        file = new H2Backend().locate(dir.resolve(".spotplay/demo.mv.db").toString(), "demo");
        db = new PgBackend(pg.env(), dir).locate(pg.url(database), "demo");
    }

    @Test
    void pushCopiesTheSameStateAndLeavesTheFileRefusedNamingWhereItWent() {
        StateSnapshot before = fill(file);
        StateMove.Result r = StateMove.move(file, db, "demo", ALICE, NO_WAIT);
        assertEquals(new StateMove.Result(file.display(), db.display(), 2, 2, before.serial()), r);
        try (StateStore s = db.openForUpdate("demo", ALICE, NO_WAIT)) {
            StateSnapshot after = s.snapshot().orElseThrow();
            assertEquals(before, after, "the same lineage, serial, nodes, runs, history and facts");
        }
        UserError apply = assertThrows(UserError.class, () -> file.openForUpdate("demo", ALICE, NO_WAIT));
        assertTrue(apply.getMessage().startsWith("State " + file.display() + " was moved to " + db.display()), apply.getMessage());
        assertTrue(apply.getMessage().contains("--state " + db.display()), apply.getMessage());
        assertThrows(UserError.class, () -> file.openReadOnly(NO_WAIT), "plan and status refuse it too");
        assertThrows(UserError.class, () -> StateMove.move(file, db, "demo", ALICE, NO_WAIT), "a moved state is not pushed again");
    }

    @Test
    void pullBringsTheStateBackWithWhatWasDoneMeanwhile() {
        fill(file);
        StateMove.move(file, db, "demo", ALICE, NO_WAIT);
        long serial;
        try (StateStore s = db.openForUpdate("demo", ALICE, NO_WAIT)) {
            s.saveNode(node("worker003"));
            serial = s.serial();
        }
        StateMove.move(db, file, "demo", ALICE, NO_WAIT);
        try (StateStore s = file.openForUpdate("demo", ALICE, NO_WAIT)) {
            assertEquals(3, s.nodes().size());
            assertEquals(serial, s.serial());
        }
        UserError e = assertThrows(UserError.class, () -> db.openForUpdate("demo", ALICE, NO_WAIT));
        assertTrue(e.getMessage().contains("was moved to " + file.display()), e.getMessage());
        StateMove.move(file, db, "demo", ALICE, NO_WAIT); // and out again, into the database it had left
        try (StateStore s = db.openForUpdate("demo", ALICE, NO_WAIT)) {
            assertEquals(3, s.nodes().size());
        }
    }

    @Test
    void aTargetHoldingTheClusterWithAnotherLineageIsRefusedAndNothingChanges() {
        UUID theirs;
        try (StateStore s = db.openForUpdate("demo", ALICE, NO_WAIT)) {
            s.saveNode(node("theirs001"));
            theirs = s.lineage().orElseThrow();
        }
        StateSnapshot ours = fill(file);
        UserError e = assertThrows(UserError.class, () -> StateMove.move(file, db, "demo", ALICE, NO_WAIT));
        assertTrue(e.getMessage().contains("with another lineage (" + theirs + "; this one's is " + ours.lineage() + ")"), e.getMessage());
        try (StateStore s = db.openForUpdate("demo", ALICE, NO_WAIT)) {
            assertEquals(Optional.of("theirs001"), s.nodes().stream().map(NodeRecord::name).findFirst());
        }
        try (StateStore s = file.openForUpdate("demo", ALICE, NO_WAIT)) { // not marked moved
            assertEquals(ours.serial(), s.serial());
        }
    }

    @Test
    void aMissingStateOrASecondHolderStopsTheMoveWithNothingChanged() {
        UserError none = assertThrows(UserError.class, () -> StateMove.move(file, db, "demo", ALICE, NO_WAIT));
        assertTrue(none.getMessage().startsWith("No state of cluster \"demo\" at " + file.display()), none.getMessage());
        assertFalse(db.exists());
        fill(file);
        try (StateStore holder = db.openForUpdate("demo", ALICE, NO_WAIT)) { // someone is applying against the target
            UserError locked = assertThrows(UserError.class, () -> StateMove.move(file, db, "demo", ALICE, NO_WAIT));
            assertTrue(locked.getMessage().contains("is locked by apply by alice@box"), locked.getMessage());
        }
        try (StateStore s = file.openForUpdate("demo", ALICE, NO_WAIT)) {
            assertEquals(2, s.nodes().size(), "the source is still the live state");
        }
    }

    /** Two nodes, a run on each, a finished apply and a fact. */
    private static StateSnapshot fill(StateLocation at) {
        try (StateStore s = at.openForUpdate("demo", ALICE, NO_WAIT)) {
            s.saveNodes(java.util.List.of(node("worker001"), node("worker002")));
            String id = s.beginApply("apply", ALICE.describe());
            s.recordRuns(java.util.List.of(run(id, "worker001"), run(id, "worker002")));
            s.finishApply(id, "ok");
            s.put("key_pair", "spotplay-demo");
            return s.snapshot().orElseThrow();
        }
    }

    private static NodeRecord node(String name) {
        return NodeRecord.builder(name).group("worker").index(1).providerId("i-" + name).endpoint("127.0.0.1", 40122)
                .status(NodeStatus.RUNNING, "answered ssh").hostKey("ssh-ed25519 AAAAC3Nza").launchToken("token-" + name)
                .createdAt(Instant.parse("2026-11-24T16:50:02Z")).build();
    }

    private static StepRun run(String applyId, String node) {
        return new StepRun(applyId, node, "base", "h", StepRun.Result.CHANGED, "ok", "out\n", 12, Instant.parse("2026-11-24T16:50:07Z"));
    }
}
