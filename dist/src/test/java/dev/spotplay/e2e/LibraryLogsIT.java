package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.EndToEnd;
import dev.spotplay.testing.SshdProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The faults that make the SSH library log (a host that dies under a running step, a host
 * whose key changed) reach the user as spotplay's own one-line reasons, through ./spotplay:
 * no library log line and no stack trace on the terminal unless {@code --debug}.
 */
@EndToEnd
class LibraryLogsIT {
    @TempDir Path dir;
    int port;
    SshdProcess steady;
    SshdProcess dies;
    SshdProcess rekeyed;

    @BeforeAll
    static void built() throws Exception {
        Cli.markBuilt();
    }

    @BeforeEach
    void hosts() throws Exception {
        port = SshdProcess.freePort();
        steady = sshd("steady", "127.0.9.1", "steady");
        dies = sshd("dies", "127.0.9.2", "dies");
        rekeyed = sshd("rekeyed", "127.0.9.3", "rekeyed");
        Files.writeString(dir.resolve("hosts.ini"), Cli.inventory("app", port, "steady", "127.0.9.1", "dies", "127.0.9.2", "rekeyed", "127.0.9.3"));
        playbook("");
    }

    SshdProcess sshd(String name, String address, String key) throws Exception {
        return SshdProcess.start(dir.resolve("sshd-" + name + "-" + key), SshdProcess.hostKey(dir.resolve("keys/" + key)), List.of(address), port);
    }

    void playbook(String moreSteps) throws Exception {
        Files.writeString(dir.resolve("cluster.yml"), """
                name: logs
                provider: { type: static, inventory: hosts.ini }
                ssh: { connect_timeout: 2s, start_timeout: 5s }
                groups:
                  app: { count: 3 }
                steps:
                  - name: hello
                    shell: echo hello
                """ + moreSteps);
    }

    @AfterEach
    void stop() {
        for (SshdProcess p : new SshdProcess[] {steady, dies, rekeyed}) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Test
    void aHostThatDiesMidStepAndAChangedHostKeyGiveOneLineReasonsAndNoLibraryLogs() throws Exception {
        Cli.Result first = Cli.run(dir, 120, "apply", "cluster.yml", "--yes");
        assertEquals(0, first.code(), first.both());

        rekeyed.close();
        rekeyed = sshd("rekeyed", "127.0.9.3", "rekeyed-reinstalled");
        playbook("""
                  - name: nap
                    shell: if [ "{{ node.name }}" = dies ]; then sleep 73; fi
                """);
        Process apply = Cli.start(dir, "apply", "cluster.yml", "--yes");
        awaitCommand(dies, "sleep 73");
        dies.crash();
        dies = null;
        assertTrue(apply.waitFor(120, TimeUnit.SECONDS), "apply did not finish");
        Cli.Result faults = new Cli.Result(apply.exitValue(), Cli.read(dir, "out"), Cli.read(dir, "err"));
        assertEquals(1, faults.code(), faults.both());
        assertTrue(faults.out().contains("Host key of rekeyed (127.0.9.3:" + port + ") changed."), faults.out());
        assertTrue(faults.out().matches("(?s).*\\n      [^\\n]*lost the connection to \\S+@127\\.0\\.9\\.2:" + port + " \\(dies\\) while running [^\\n]+\\n.*"),
                faults.out());
        assertNoLibraryOutput(faults.err());
        assertNoLibraryOutput(faults.out());

        Cli.Result debug = Cli.run(dir, 120, "apply", "cluster.yml", "--yes", "--debug");
        assertEquals(1, debug.code(), debug.both());
        assertTrue(debug.out().contains("Host key of rekeyed (127.0.9.3:" + port + ") changed."), debug.out());
        assertTrue(debug.err().contains("net.schmizz"), "--debug shows the library's own log:\n" + debug.err());
    }

    /** No stack frame, no log level, no logger or library name: only what spotplay itself says. */
    private static void assertNoLibraryOutput(String text) {
        for (String line : text.split("\n")) {
            assertTrue(!line.matches("\\s+at .*") && !line.matches(".*\\b(ERROR|WARN|INFO|DEBUG)\\b.*")
                    && !line.matches(".*(net\\.schmizz|com\\.hierynomus|org\\.apache|software\\.amazon|org\\.h2|org\\.slf4j|Exception).*"),
                    "a library's line reached the terminal: " + line + "\n--- all of it:\n" + text);
        }
    }

    /** Waits until a session of {@code sshd} runs a command with {@code text} in it. */
    private static void awaitCommand(SshdProcess sshd, String text) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!sshd.runs(text)) {
            assertTrue(System.currentTimeMillis() < deadline, "'" + text + "' never ran on the host");
            Thread.sleep(50);
        }
    }
}
