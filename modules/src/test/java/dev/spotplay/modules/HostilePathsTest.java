package dev.spotplay.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepModule;
import dev.spotplay.module.StepResult;
import dev.spotplay.modules.testing.Node;
import dev.spotplay.playbook.Step;
import dev.spotplay.testing.Integration;
import dev.spotplay.testing.MinaNode;
import dev.spotplay.testing.TrustOnFirstUse;
import dev.spotplay.transport.Connection;
import dev.spotplay.transport.ssh.SshConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paths a playbook names that look like options ({@code -x}, {@code -d/-y}) or hold shell text
 * reach every command a module builds as paths: the files are made where named, by a module's
 * own run (over real SSH, so the transport's put is in it) and by its batched fragment, and no
 * {@code $(...)} in a path runs.
 */
@Integration
class HostilePathsTest {
    @TempDir Path tmp;
    private static MinaNode mina;

    @AfterAll
    static void stop() {
        if (mina != null) {
            mina.close();
        }
    }

    interface Runner {
        StepResult run(StepModule m, Object main, Map<String, Object> options) throws Exception;
    }

    /** Each module with an option-like path, then its result checked in {@code home}. */
    private void everyModule(Runner runner, Path home, Path playbook) throws Exception {
        Files.writeString(playbook.resolve("t.tmpl"), "templated\n");
        assertChanged(runner.run(new CopyModule(), Map.of("content", "one\n", "dest", "-x.conf"), Map.of()));
        assertEquals("one\n", Files.readString(home.resolve("-x.conf")));
        assertChanged(runner.run(new CopyModule(), Map.of("content", "two\n", "dest", "-d/-y.conf", "mode", "0600"), Map.of()));
        assertEquals("two\n", Files.readString(home.resolve("-d/-y.conf")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("-d/-y.conf"))));
        assertChanged(runner.run(new CopyModule(), Map.of("content", "three\n", "dest", "-d/-y.conf"), Map.of()));
        assertEquals("three\n", Files.readString(home.resolve("-d/-y.conf")));
        assertChanged(runner.run(new TemplateModule(), Map.of("src", "t.tmpl", "dest", "-t", "mode", "0640"), Map.of()));
        assertEquals("templated\n", Files.readString(home.resolve("-t")));
        assertChanged(runner.run(new LineModule(), Map.of("path", "-l/-s.conf", "line", "a=1"), Map.of()));
        assertEquals("a=1\n", Files.readString(home.resolve("-l/-s.conf")));
        assertChanged(runner.run(new LineModule(), Map.of("path", "-l/-s.conf", "line", "b=2"), Map.of()));
        assertEquals("a=1\nb=2\n", Files.readString(home.resolve("-l/-s.conf")));
        assertChanged(runner.run(new FileModule(), Map.of("path", "-f", "state", "touch", "mode", "0600"), Map.of()));
        assertTrue(Files.isRegularFile(home.resolve("-f")));
        assertChanged(runner.run(new FileModule(), Map.of("path", "-D", "mode", "0700"), Map.of()));
        assertTrue(Files.isDirectory(home.resolve("-D")));
        assertChanged(runner.run(new FileModule(), Map.of("path", "-D", "state", "absent"), Map.of()));
        assertFalse(Files.exists(home.resolve("-D")));
        assertChanged(runner.run(new ShellModule(), "pwd > -here.txt", Map.of("chdir", "-D2", "creates", "-here.txt")));
        assertTrue(Files.exists(home.resolve("-D2/-here.txt")));
        assertEquals(StepResult.Outcome.UNCHANGED, runner.run(new ShellModule(), "pwd > -here.txt",
                Map.of("chdir", "-D2", "creates", "-here.txt")).outcome());

        Path canary = tmp.resolve("canary");
        for (String dest : List.of("nowhere/$(touch " + canary + ")", "nowhere/`touch " + canary + "`", "nowhere/\"; touch " + canary + "; \"")) {
            StepResult r = runner.run(new ShellModule(), "true", Map.of("chdir", dest));
            assertEquals(StepResult.Outcome.FAILED, r.outcome(), r.toString());
            assertFalse(Files.exists(canary), "a chdir that cannot be entered is reported, never run: " + dest + " -> " + r);
        }
    }

    private static void assertChanged(StepResult r) {
        assertEquals(StepResult.Outcome.CHANGED, r.outcome(), r.toString());
    }

    @Test
    void fragmentsTakeOptionLikePathsAsPaths() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(home.resolve("-D2"));
        Path playbook = Files.createDirectories(tmp.resolve("playbook"));
        Node node = new Node(home, playbook);
        everyModule(node::runScripted, home, playbook);
    }

    @Test
    void runsOverSshTakeOptionLikePathsAsPaths() throws Exception {
        mina = MinaNode.start();
        Path home = mina.home();
        Files.createDirectories(home.resolve("-D2"));
        Path playbook = Files.createDirectories(tmp.resolve("playbook"));
        try (Connection c = new SshConnector(dev.spotplay.testing.TestThreads.IO).connect(mina.endpoint(), new TrustOnFirstUse(), System.currentTimeMillis() + 20_000)) {
            everyModule((m, main, options) -> {
                Map<String, Object> args = new HashMap<>(options);
                args.put(Step.MAIN_ARG, main);
                return m.run(new StepContext(c, args, playbook, (text, origin) -> text, Duration.ofSeconds(20)));
            }, home, playbook);
            // Data too large to travel inside the fragment is staged beside its destination: that name too is only a name.
            byte[] big = new byte[Fragments.MAX_INLINE_BYTES + 1];
            new java.util.Random(9).nextBytes(big);
            Files.write(playbook.resolve("big.bin"), big);
            String dest = "-big/-x $(touch canary) `touch canary`.bin";
            StepResult r = new CopyModule().run(new StepContext(c, Map.of(Step.MAIN_ARG, Map.of("src", "big.bin", "dest", dest)), playbook,
                    (text, origin) -> text, Duration.ofSeconds(20)));
            assertChanged(r);
            assertTrue(java.util.Arrays.equals(big, Files.readAllBytes(home.resolve(dest))));
            assertFalse(Files.exists(home.resolve("canary")) || Files.exists(home.resolve("-big/canary")), "no name ran");
            try (var files = Files.list(home.resolve("-big"))) {
                assertEquals(1, files.count(), "the staged copy became the file");
            }
        }
    }
}
