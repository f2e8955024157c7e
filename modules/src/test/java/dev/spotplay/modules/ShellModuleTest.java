package dev.spotplay.modules;

import dev.spotplay.testing.Integration;
import dev.spotplay.transport.Shell;
import static org.junit.jupiter.api.Assertions.*;

import dev.spotplay.module.StepModule.ArgProblem;
import dev.spotplay.module.StepResult;
import dev.spotplay.module.StepResult.Outcome;
import dev.spotplay.modules.testing.Node;
import dev.spotplay.playbook.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Integration
class ShellModuleTest {
    @TempDir Path home;
    @TempDir Path playbook;
    Node node;
    final ShellModule shell = new ShellModule();

    @BeforeEach
    void setUp() {
        node = new Node(home, playbook);
    }

    @Test
    void validateReportsEveryBadShape() {
        List<ArgProblem> p = shell.validate(Map.of(Step.MAIN_ARG, List.of("a"), "creates", 3, "env", Map.of("1BAD", "x", "OK", List.of())));
        assertEquals(List.of(Step.MAIN_ARG, "creates", "env", "env"), p.stream().map(ArgProblem::key).sorted().toList(), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.message().contains("\"1BAD\" is not valid")), p.toString());
        assertTrue(shell.validate(Map.of(Step.MAIN_ARG, "echo hi", "env", Map.of("A_1", 5, "_b", true))).isEmpty());
        assertEquals("env", shell.validate(Map.of(Step.MAIN_ARG, "x", "env", "A=1")).get(0).key());
    }

    @Test
    void runsTheCommandAndReportsItsOutput() throws Exception {
        StepResult r = node.run(shell, "echo hello; echo oops >&2");
        assertEquals(Outcome.CHANGED, r.outcome());
        assertEquals("hello\noops", r.outputTail());
        assertEquals(1, node.conn.roundTrips());
    }

    @Test
    void nonZeroExitFailsWithTheLastTwentyLines() throws Exception {
        StepResult r = node.run(shell, "for i in $(seq 1 30); do echo line$i; done; exit 3");
        assertEquals(Outcome.FAILED, r.outcome());
        assertEquals("exit 3", r.message());
        assertEquals(20, r.outputTail().lines().count());
        assertTrue(r.outputTail().endsWith("line30"));
        assertTrue(r.outputTail().startsWith("line11"));
    }

    @Test
    void createsSkipsInTheSameRoundTripAndIsIdempotent() throws Exception {
        String marker = node.path("done");
        Map<String, Object> opts = Map.of("creates", marker);
        StepResult first = node.run(shell, "echo ran >> log; touch " + Shell.quote(marker), opts);
        assertEquals(Outcome.CHANGED, first.outcome());
        StepResult second = node.run(shell, "echo ran >> log; touch " + Shell.quote(marker), opts);
        assertEquals(Outcome.UNCHANGED, second.outcome());
        assertEquals("skipped: " + marker + " exists", second.message());
        assertEquals(1, node.conn.roundTrips());
        assertEquals(List.of("ran"), Files.readAllLines(home.resolve("log")));
    }

    @Test
    void unlessSkipsWhenItsCommandSucceeds() throws Exception {
        Map<String, Object> opts = Map.of("unless", "grep -q ok state");
        assertEquals(Outcome.CHANGED, node.run(shell, "echo ok > state", opts).outcome());
        StepResult again = node.run(shell, "echo ok > state; echo again >> ran", opts);
        assertEquals(Outcome.UNCHANGED, again.outcome());
        assertFalse(Files.exists(home.resolve("ran")));
        assertEquals(1, node.conn.roundTrips());
    }

    @Test
    void aCommandThatPrintsSomethingLikeTheMarkerStillCountsAsRun() throws Exception {
        StepResult r = node.run(shell, "echo spotplay-skip-0000000000000000 creates", Map.of("creates", node.path("nope")));
        assertEquals(Outcome.CHANGED, r.outcome());
    }

    @Test
    void chdirAndEnvApplyToGuardsAndCommand() throws Exception {
        Files.createDirectories(home.resolve("work"));
        Map<String, Object> opts = Map.of("chdir", node.path("work"), "env", Map.of("GREETING", "it's $HOME"), "creates", "out");
        StepResult r = node.run(shell, "printf '%s' \"$GREETING\" > out; pwd", opts);
        assertEquals(Outcome.CHANGED, r.outcome(), r.toString());
        assertEquals(home.resolve("work").toRealPath().toString(), r.outputTail());
        assertEquals("it's $HOME", Files.readString(home.resolve("work/out")));
        // creates is relative to chdir, so the second run is skipped.
        assertEquals(Outcome.UNCHANGED, node.run(shell, "echo again", opts).outcome());
    }

    @Test
    void missingChdirFailsWithAClearMessage() throws Exception {
        StepResult r = node.run(shell, "echo hi", Map.of("chdir", node.path("nowhere")));
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.outputTail().contains("cannot enter chdir"), r.outputTail());
    }

    @Test
    void commandDoesNotWaitForStdin() throws Exception {
        StepResult r = node.run(shell, "cat; echo done");
        assertEquals("done", r.outputTail());
    }

    @Test
    void timeoutIsAFailedStepNotAnException() throws Exception {
        node.timeout = Duration.ofMillis(300);
        long start = System.nanoTime();
        StepResult r = node.run(shell, "sleep 30");
        assertEquals(Outcome.FAILED, r.outcome());
        assertEquals("timed out after 300ms", r.message());
        assertTrue(System.nanoTime() - start < 10_000_000_000L);
    }

    @Test
    void resolvedArgumentsAreValidatedAgainAtRunTime() throws Exception {
        StepResult r = node.run(shell, "   ");
        assertEquals(Outcome.FAILED, r.outcome());
        assertEquals(0, node.conn.roundTrips());
    }
}
