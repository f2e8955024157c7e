package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.state.Holder;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.StateBackends;
import dev.spotplay.state.StateStore;
import dev.spotplay.testing.EndToEnd;
import dev.spotplay.testing.Texts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing step stops its node only; re-running resumes; a changed host key is refused. */
@EndToEnd
class FailureAndResumeIT {
    @TempDir Path dir;

    @BeforeAll
    static void built() throws IOException {
        Cli.markBuilt();
    }

    @AfterEach
    void destroy() throws Exception {
        Cli.run(dir, "destroy", "fail.yml", "--yes");
    }

    private void write(String extraStep) throws IOException {
        Files.writeString(dir.resolve("fail.yml"), """
                name: fail
                groups:
                  web:
                    count: 3
                  db:
                    count: 1
                    after: [web]
                steps:
                  - name: first
                    shell: echo one >> first.log
                  - name: picky
                    groups: [web]
                    shell: "[ {{ node.name }} != web002 ] || [ -f fixed ] || { echo 'web002 is not fixed' >&2; exit 3; }"
                  - name: last
                    shell: echo three > last.log
                """ + extraStep);
    }

    @Test
    void aFailedStepStopsItsNodeOnlyAndApplyResumes() throws Exception {
        write("");
        Cli.Result first = Cli.run(dir, "apply", "fail.yml", "--yes");
        assertEquals(1, first.code(), first.both());
        String out = first.out();
        assertTrue(out.contains("web002") && out.contains("failed at \"picky\""), out);
        assertTrue(out.contains("exit 3"), out);
        assertEquals(1, Texts.count(out, "web002 is not fixed"), "the output tail is shown, once:\n" + out);
        String[] progressAndSummary = out.split("\nSummary:\n", 2);
        assertEquals(2, progressAndSummary.length, "a summary follows the progress:\n" + out);
        assertEquals(1, Texts.count(progressAndSummary[0], "db: not set up: it waits for web, which failed"),
                "db is skipped, said once as it happens:\n" + out);
        assertEquals(1, Texts.count(progressAndSummary[1], "not set up: it waits for web, which failed"), "and once in the summary:\n" + out);
        Path nodes = dir.resolve(".spotplay/fail/nodes");
        assertTrue(Files.exists(nodes.resolve("web001/home/last.log")), "other nodes went on");
        assertFalse(Files.exists(nodes.resolve("web002/home/last.log")), "web002 stopped at the failed step");

        Cli.Result plan = Cli.run(dir, "plan", "fail.yml");
        assertTrue(plan.out().contains("run \"picky\" on web002  (failed last time)"), plan.out());
        assertTrue(plan.out().contains("run \"last\" on db001, web002  (never ran here)"), plan.out());
        assertTrue(plan.out().contains("db001"), plan.out());
        assertFalse(plan.out().contains("web001"), "web001 is done:\n" + plan.out());

        Files.writeString(nodes.resolve("web002/home/fixed"), "");
        Cli.Result second = Cli.run(dir, "apply", "fail.yml", "--yes");
        assertEquals(0, second.code(), second.both());
        assertEquals("one\n", Files.readString(nodes.resolve("web002/home/first.log")), "first did not run again on web002");
        assertEquals("one\n", Files.readString(nodes.resolve("web001/home/first.log")), "nothing ran again on web001");
        assertTrue(Files.exists(nodes.resolve("db001/home/last.log")));
        assertEquals(0, Cli.run(dir, "plan", "fail.yml", "--detailed-exitcode").code());
    }

    @Test
    void aChangedHostKeyIsRefused() throws Exception {
        write("");
        Cli.Result first = Cli.run(dir, "apply", "fail.yml", "--yes");
        Files.writeString(dir.resolve(".spotplay/fail/nodes/web002/home/fixed"), "");
        Cli.Result fixed = Cli.run(dir, "apply", "fail.yml", "--yes");
        assertEquals(0, fixed.code(), first.both() + fixed.both());

        // Someone else's machine now answers for web001: the pinned key no longer matches.
        Path state = dir.resolve(".spotplay/fail.mv.db");
        try (StateStore s = StateBackends.locate(state.toString(), "fail").openForUpdate("fail", Holder.current("test"), Duration.ZERO)) {
            NodeRecord web1 = s.node("web001").orElseThrow();
            s.saveNode(web1.withHostKey("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"));
        }
        write("  - name: new step\n    shell: echo new > new.log\n");
        Cli.Result refused = Cli.run(dir, "apply", "fail.yml", "--yes");
        assertEquals(1, refused.code(), refused.both());
        assertTrue(refused.out().contains("Host key of web001"), refused.out());
        assertTrue(refused.out().contains("pinned in state: ssh-ed25519 SHA256:"), refused.out());
        assertFalse(Files.exists(dir.resolve(".spotplay/fail/nodes/web001/home/new.log")), "nothing ran on web001");
        assertTrue(Files.exists(dir.resolve(".spotplay/fail/nodes/web003/home/new.log")), "the others went on");
    }
}
