package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.EndToEnd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan --out} and {@code apply PLANFILE} on the local provider: the saved plan is carried
 * out as it was shown, and refused (exit 1, nothing run, nothing written) once the playbook, a
 * file it sends, the state or the cluster itself changed since.
 */
@EndToEnd
class SavedPlanIT {
    @TempDir Path dir;

    @BeforeAll
    static void built() throws IOException {
        Cli.markBuilt();
    }

    @AfterEach
    void destroy() throws Exception {
        Cli.run(dir, "destroy", "saved.yml", "--yes");
    }

    private void playbook(String extra) throws IOException {
        Files.createDirectories(dir.resolve("files"));
        Files.writeString(dir.resolve("saved.yml"), """
                name: saved
                groups:
                  web: { count: 2 }
                steps:
                  - name: motd
                    copy: { src: files/motd, dest: motd }
                  - name: hello
                    shell: echo hello > hello.txt
                """ + extra);
    }

    private String motdOn(String node) throws IOException {
        return Files.readString(dir.resolve(".spotplay/saved/nodes/" + node + "/home/motd"));
    }

    @Test
    void aSavedPlanIsCarriedOutExactlyOnce() throws Exception {
        playbook("");
        Files.writeString(dir.resolve("files/motd"), "one\n");
        Cli.Result plan = Cli.run(dir, "plan", "saved.yml", "--out", "first.plan");
        assertEquals(0, plan.code(), plan.both());
        assertTrue(plan.out().contains("Saved the plan to first.plan"), plan.out());
        Path file = dir.resolve("first.plan");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Cli.nodeProcesses(dir.resolve(".spotplay/saved/nodes")).isEmpty(), "plan --out launched nothing");

        // No --yes and no terminal: a saved plan is carried out without asking, as it was shown.
        Cli.Result apply = Cli.run(dir, "apply", "first.plan");
        assertEquals(0, apply.code(), apply.both());
        assertTrue(apply.out().contains("Carrying out the saved plan first.plan"), apply.out());
        assertTrue(apply.out().contains("Apply complete"), apply.out());
        assertEquals("one\n", motdOn("web001"));
        assertEquals("one\n", motdOn("web002"));
        assertEquals(0, Cli.run(dir, "plan", "saved.yml", "--detailed-exitcode").code(), "the cluster is as the plan said");

        // The same file again: the state moved on when it was carried out.
        Cli.Result again = Cli.run(dir, "apply", "first.plan");
        assertEquals(1, again.code(), again.both());
        assertTrue(again.err().contains("The saved plan first.plan no longer holds, so nothing was changed"), again.err());
        assertTrue(again.err().contains("the state was written"), again.err());
    }

    @Test
    void aSavedPlanIsRefusedOnceWhatItWasMadeFromChanged() throws Exception {
        playbook("");
        Files.writeString(dir.resolve("files/motd"), "one\n");
        assertEquals(0, Cli.run(dir, "apply", "saved.yml", "--yes").code());

        // A sent file edited after the plan: the plan showed "one -> two", "three" must not go out.
        Files.writeString(dir.resolve("files/motd"), "two\n");
        Cli.Result plan = Cli.run(dir, "plan", "saved.yml", "--out", "motd.plan");
        assertTrue(plan.out().contains("run \"motd\" on web001, web002  (definition changed)"), plan.out());
        Files.writeString(dir.resolve("files/motd"), "three\n");
        Cli.Result refused = Cli.run(dir, "apply", "motd.plan");
        assertEquals(1, refused.code(), refused.both());
        assertTrue(refused.err().contains("files/motd (read by step \"motd\") changed"), refused.err());
        assertEquals("one\n", motdOn("web001"), "nothing ran");

        // The playbook edited after the plan.
        Files.writeString(dir.resolve("files/motd"), "two\n");
        assertEquals(0, Cli.run(dir, "plan", "saved.yml", "--out", "motd.plan").code());
        Files.writeString(dir.resolve("saved.yml"), Files.readString(dir.resolve("saved.yml")) + "# a comment\n");
        refused = Cli.run(dir, "apply", "motd.plan");
        assertEquals(1, refused.code(), refused.both());
        assertTrue(refused.err().contains("the playbook saved.yml changed"), refused.err());
        assertEquals("one\n", motdOn("web001"), "nothing ran");

        // Another apply between the plan and its apply.
        assertEquals(0, Cli.run(dir, "plan", "saved.yml", "--out", "motd.plan").code());
        assertEquals(0, Cli.run(dir, "apply", "saved.yml", "--yes").code());
        assertEquals("two\n", motdOn("web001"));
        refused = Cli.run(dir, "apply", "motd.plan");
        assertEquals(1, refused.code(), refused.both());
        assertTrue(refused.err().contains("the state was written"), refused.err());

        // The cluster changed under a plan of no changes: a node died (a spot interruption).
        assertEquals(0, Cli.run(dir, "plan", "saved.yml", "--out", "quiet.plan").code());
        var web2 = Cli.nodeProcesses(dir.resolve(".spotplay/saved/nodes")).stream()
                .filter(p -> p.info().commandLine().orElse("").contains("/web002")).findFirst().orElseThrow();
        web2.destroyForcibly();
        assertTrue(web2.onExit().get(30, TimeUnit.SECONDS) != null);
        refused = Cli.run(dir, "apply", "quiet.plan");
        assertEquals(1, refused.code(), refused.both());
        assertTrue(refused.err().contains("now planned too: -/+ web.web002"), refused.err());
        assertEquals(1, Cli.nodeProcesses(dir.resolve(".spotplay/saved/nodes")).size(), "nothing was launched");

        // And a fresh plan of that is carried out.
        assertEquals(0, Cli.run(dir, "plan", "saved.yml", "--out", "heal.plan").code());
        Cli.Result heal = Cli.run(dir, "apply", "heal.plan");
        assertEquals(0, heal.code(), heal.both());
        assertEquals("two\n", motdOn("web002"));
        assertEquals(2, Cli.nodeProcesses(dir.resolve(".spotplay/saved/nodes")).size());
    }

    @Test
    void aStepWhoseDefinitionMovedAfterThePlanIsNotRun() throws Exception {
        // On the local provider a node's steps run on this machine: "clobber" (a step that runs
        // alone, and always; its file is too large to travel in a batch) overwrites files/motd
        // between the plan and the motd step's turn.
        Files.createDirectories(dir.resolve("files"));
        Files.writeString(dir.resolve("files/motd"), "one\n");
        Files.writeString(dir.resolve("files/new"), "one\n");
        Files.writeString(dir.resolve("saved.yml"), """
                name: saved
                groups:
                  web: { count: 1 }
                steps:
                  - name: clobber
                    copy: { src: files/new, dest: "%s" }
                    always: true
                  - name: motd
                    copy: { src: files/motd, dest: motd }
                """.formatted(dir.resolve("files/motd")));
        assertEquals(0, Cli.run(dir, "apply", "saved.yml", "--yes").code());
        assertEquals("one\n", motdOn("web001"));
        Files.writeString(dir.resolve("files/motd"), "two\n");
        Files.writeString(dir.resolve("files/new"), "three\n" + "x".repeat(300_000) + "\n");
        assertEquals(0, Cli.run(dir, "plan", "saved.yml", "--out", "p.plan").code());
        Cli.Result r = Cli.run(dir, "apply", "p.plan");
        assertEquals(1, r.code(), r.both());
        assertTrue(r.out().contains("not run: its definition changed since the plan was made"), r.out());
        assertTrue(Files.readString(dir.resolve("files/motd")).startsWith("three\n"), "clobber ran");
        assertEquals("one\n", motdOn("web001"), "motd, planned with \"two\", did not send \"three\"");
    }

    @Test
    void optionsThatShapeAPlanAreRefusedWithASavedOne() throws Exception {
        playbook("");
        Files.writeString(dir.resolve("files/motd"), "one\n");
        assertEquals(0, Cli.run(dir, "plan", "saved.yml", "--out", "p.plan").code());
        Cli.Result r = Cli.run(dir, "apply", "p.plan", "--recheck");
        assertEquals(1, r.code(), r.both());
        assertTrue(r.err().contains("--recheck shapes a plan"), r.err());
        r = Cli.run(dir, "apply", "p.plan", "--state", dir.resolve("elsewhere.mv.db").toString());
        assertEquals(1, r.code(), r.both());
        assertTrue(r.err().contains("is not the state the plan p.plan was made against"), r.err());
        assertTrue(Cli.nodeProcesses(dir.resolve(".spotplay/saved/nodes")).isEmpty(), "nothing was launched");
    }
}
