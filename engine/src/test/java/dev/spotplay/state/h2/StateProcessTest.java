package dev.spotplay.state.h2;

import static dev.spotplay.state.h2.Fixtures.NO_WAIT;
import static dev.spotplay.state.h2.Fixtures.holder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.UserError;
import dev.spotplay.state.StateStore;
import dev.spotplay.testing.Integration;
import dev.spotplay.testing.OtherJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Lock and durability against a real second JVM, the way two spotplay commands meet. */
@Integration
@Timeout(60)
class StateProcessTest {

    @TempDir
    Path dir;

    private Process other;
    private BufferedReader otherOut;

    @AfterEach
    void killOther() {
        if (other != null) {
            other.destroyForcibly();
        }
    }

    @Test
    void aSaveIsDurableTheMomentItReturnsEvenUnderSigkill() throws Exception {
        Path db = dir.resolve("demo.mv.db");
        other = start(db, "save", Long.MAX_VALUE);
        awaitLine("saved");
        other.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no close, no flush
        try (StateStore s = StateFiles.openReadOnly(db, NO_WAIT)) {
            assertEquals(Optional.of(Fixtures.node("worker001")), s.node("worker001"));
        }
    }

    @Test
    void aSecondProcessIsRefusedAtOnceAndToldWhoHoldsTheLock() throws Exception {
        Path db = dir.resolve("demo.mv.db");
        other = start(db, "hold", Long.MAX_VALUE);
        awaitLine("locked");
        long start = System.nanoTime();
        UserError e = assertThrows(UserError.class, () -> StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2000, "failed at once");
        assertTrue(e.getMessage().startsWith("State " + db + " is locked by apply by "), e.getMessage());
        assertTrue(e.getMessage().contains("(pid " + other.pid() + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("--lock-timeout"), e.getMessage());
        UserError read = assertThrows(UserError.class, () -> StateFiles.openReadOnly(db, NO_WAIT));
        assertTrue(read.getMessage().contains("(pid " + other.pid() + ")"), read.getMessage());
    }

    @Test
    void withALockTimeoutItWaitsForTheHolderToFinish() throws Exception {
        Path db = dir.resolve("demo.mv.db");
        other = start(db, "hold", 1500);
        awaitLine("locked");
        try (StateStore s = StateFiles.openForUpdate(db, "demo", holder("apply"), Duration.ofSeconds(30))) {
            // The holder says "releasing" before it closes: that line is there by the time we hold the lock.
            assertTrue(otherOut.ready(), "got the lock while the holder still held it");
            assertEquals("releasing", otherOut.readLine());
            assertTrue(other.waitFor(5, TimeUnit.SECONDS), "the holder exited");
            assertEquals(0, other.exitValue());
            s.put("k", "v");
        }
    }

    @Test
    void aSigkilledHolderReleasesTheLock() throws Exception {
        Path db = dir.resolve("demo.mv.db");
        other = start(db, "hold", Long.MAX_VALUE);
        awaitLine("locked");
        assertThrows(UserError.class, () -> StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT));
        other.destroyForcibly().waitFor();
        try (StateStore s = StateFiles.openForUpdate(db, "demo", holder("apply"), NO_WAIT)) {
            assertEquals(Optional.of("demo"), s.cluster());
        }
    }

    private Process start(Path db, String action, long millis) throws IOException {
        Process p = OtherJvm.start(StateHolderMain.class, java.util.Map.of(), db.toString(), action, Long.toString(millis));
        otherOut = OtherJvm.stdout(p);
        return p;
    }

    private void awaitLine(String expected) throws IOException {
        OtherJvm.awaitLine(otherOut, expected);
    }
}
