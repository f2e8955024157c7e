package dev.spotplay.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepModule;
import dev.spotplay.module.StepResult;
import dev.spotplay.playbook.Step;
import dev.spotplay.testing.Integration;
import dev.spotplay.testing.MinaNode;
import dev.spotplay.testing.OpenSshServer;
import dev.spotplay.testing.TrustOnFirstUse;
import dev.spotplay.transport.Connection;
import dev.spotplay.transport.Endpoint;
import dev.spotplay.transport.ssh.SshConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every module over a real SSH connection (sshj), to a real OpenSSH sshd on loopback and to the
 * local provider's MINA node: first run changes, second run does not, and the files on disk
 * are what the step declared. (Both servers run on this machine, so the test reads the result
 * straight from the file system.)
 */
@Integration
class RealSshModulesTest {
    private static MinaNode mina;

    @TempDir Path tmp;

    static Stream<String> servers() {
        return Stream.of("openssh", "mina");
    }

    @AfterAll
    static void stopMina() {
        if (mina != null) {
            mina.close();
        }
    }

    private static synchronized Endpoint endpoint(String server) throws Exception {
        if (server.equals("openssh")) {
            return OpenSshServer.get().endpoint();
        }
        if (mina == null) {
            mina = MinaNode.start();
        }
        return mina.endpoint();
    }

    private StepResult run(Connection c, StepModule m, Object main, Map<String, Object> options, Path playbookDir) throws Exception {
        return run(c, m, main, options, playbookDir, Duration.ofSeconds(30));
    }

    private StepResult run(Connection c, StepModule m, Object main, Map<String, Object> options, Path playbookDir,
                           Duration timeout) throws Exception {
        Map<String, Object> args = new HashMap<>(options);
        args.put(Step.MAIN_ARG, main);
        assertTrue(m.validate(args).isEmpty(), m.validate(args).toString());
        StepContext.TemplateRenderer renderer = (text, origin) -> text.replace("{{ node.name }}", "node7");
        return m.run(new StepContext(c, args, playbookDir, renderer, timeout));
    }

    private void twice(Connection c, StepModule m, Object main, Map<String, Object> options, Path pb) throws Exception {
        StepResult first = run(c, m, main, options, pb);
        assertEquals(StepResult.Outcome.CHANGED, first.outcome(), m.name() + ": " + first);
        StepResult second = run(c, m, main, options, pb);
        assertEquals(StepResult.Outcome.UNCHANGED, second.outcome(), m.name() + " is idempotent: " + second);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void everyModuleChangesOnceThenNot(String server) throws Exception {
        Path pb = Files.createDirectories(tmp.resolve("playbook"));
        Path node = Files.createDirectories(tmp.resolve("node"));
        Files.createDirectories(pb.resolve("app/lib"));
        Files.writeString(pb.resolve("app/run.sh"), "#!/bin/sh\necho run\n");
        Files.write(pb.resolve("app/lib/blob.bin"), new byte[] {0, 1, 2, (byte) 255, 10, 13});
        Files.writeString(pb.resolve("motd.tmpl"), "welcome to {{ node.name }}\n");

        try (Connection c = new SshConnector(dev.spotplay.testing.TestThreads.IO).connect(endpoint(server), new TrustOnFirstUse(), System.currentTimeMillis() + 20_000)) {
            twice(c, new FileModule(), Map.of("path", node + "/data", "state", "directory", "mode", "0750"), Map.of(), pb);
            assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(node.resolve("data"))));

            twice(c, new CopyModule(), Map.of("src", "app", "dest", node + "/app"), Map.of(), pb);
            assertEquals("#!/bin/sh\necho run\n", Files.readString(node.resolve("app/run.sh")));
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(pb.resolve("app/lib/blob.bin")), Files.readAllBytes(node.resolve("app/lib/blob.bin"))));
            Files.writeString(pb.resolve("app/run.sh"), "#!/bin/sh\necho run v2\n");
            assertEquals(StepResult.Outcome.CHANGED, run(c, new CopyModule(), Map.of("src", "app", "dest", node + "/app"), Map.of(), pb).outcome());
            assertEquals("#!/bin/sh\necho run v2\n", Files.readString(node.resolve("app/run.sh")));

            twice(c, new TemplateModule(), Map.of("src", "motd.tmpl", "dest", node + "/motd"), Map.of(), pb);
            assertEquals("welcome to node7\n", Files.readString(node.resolve("motd")));

            twice(c, new LineModule(), Map.of("path", node + "/conf", "line", "threads = 4", "regexp", "^threads"), Map.of(), pb);
            assertEquals(List.of("threads = 4"), Files.readAllLines(node.resolve("conf")));

            twice(c, new ShellModule(), "echo built > built.txt", Map.of("chdir", node.toString(), "creates", node + "/built.txt"), pb);
            assertEquals("built\n", Files.readString(node.resolve("built.txt")));

            StepResult failed = run(c, new ShellModule(), "echo oops >&2; exit 4", Map.of(), pb);
            assertEquals(StepResult.Outcome.FAILED, failed.outcome());
            assertTrue(failed.message().contains("4") && failed.outputTail().contains("oops"), failed.toString());

            assertEquals(StepResult.Outcome.UNCHANGED, run(c, new AptModule(), List.of("coreutils"), Map.of(), pb).outcome());

            StepResult slow = run(c, new ShellModule(), "sleep 30", Map.of(), pb, Duration.ofSeconds(2));
            assertEquals(StepResult.Outcome.FAILED, slow.outcome(), "a step over its timeout fails: " + slow);
            // the connection is still usable after a timed-out command
            assertEquals(StepResult.Outcome.CHANGED, run(c, new ShellModule(), "true", Map.of(), pb).outcome());
        }
    }
}
