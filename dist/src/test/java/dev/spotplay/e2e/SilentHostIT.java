package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.EndToEnd;
import dev.spotplay.testing.SilentHost;
import dev.spotplay.testing.SshdProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hosts that accept TCP and then say nothing, in a static cluster with real OpenSSH hosts,
 * driven through ./spotplay: a silent host is down within the wait that applies to it
 * ({@code start_timeout} at first contact, {@code connect_timeout} x 3 once it answered
 * before), the message names that wait, and the other hosts are set up. {@code exec} against
 * a cluster with a silent host finishes too. Cli's own timeout only guards against a hang.
 */
@EndToEnd
class SilentHostIT {
    @TempDir Path dir;
    int port;
    SshdProcess one;
    SshdProcess two;
    SilentHost mute;
    SilentHost twoGoneQuiet;

    @BeforeAll
    static void built() throws Exception {
        Cli.markBuilt();
    }

    @BeforeEach
    void hosts() throws Exception {
        port = SshdProcess.freePort();
        one = SshdProcess.start(dir.resolve("sshd-one"), SshdProcess.hostKey(dir.resolve("keys/one")), List.of("127.0.8.1"), port);
        two = SshdProcess.start(dir.resolve("sshd-two"), SshdProcess.hostKey(dir.resolve("keys/two")), List.of("127.0.8.2"), port);
        mute = SilentHost.start("127.0.8.3", port);
        Files.writeString(dir.resolve("hosts.ini"), Cli.inventory("app", port, "one", "127.0.8.1", "two", "127.0.8.2", "mute", "127.0.8.3"));
        Files.writeString(dir.resolve("cluster.yml"), """
                name: quiet
                provider: { type: static, inventory: hosts.ini }
                ssh: { connect_timeout: 1s, start_timeout: 4s }
                vars: { out: %s }
                groups:
                  app: { count: 3 }   # so that min_count is 3: a host down fails the apply
                steps:
                  - name: hello
                    shell: mkdir -p {{ out }} && echo "{{ node.name }}" >> {{ out }}/{{ node.name }}
                """.formatted(dir.resolve("out")));
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {one, two, mute, twoGoneQuiet}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // Cleanup is best effort.
            }
        }
    }

    @Test
    void aSilentHostIsDownWithinItsWaitAndTheOthersAreSetUpByApplyAndExec() throws Exception {
        Cli.Result first = Cli.run(dir, 120, "apply", "cluster.yml", "--yes");
        assertEquals(1, first.code(), first.both());
        assertTrue(first.out().contains("did not answer SSH at 127.0.8.3:" + port + " within 4s (start_timeout, for a node not reached before): "
                + "cannot connect to "), first.out());
        assertTrue(first.out().contains("the server accepted the connection but sent no SSH banner"), first.out());
        assertDownWithin("mute", first.out(), 4.0);
        assertTrue(first.out().matches("(?s).*\\n  one +ok .*"), first.out());
        assertTrue(first.out().matches("(?s).*\\n  two +ok .*"), first.out());
        assertEquals("one", Files.readString(dir.resolve("out/one")).strip());
        assertEquals("two", Files.readString(dir.resolve("out/two")).strip());
        assertTrue(mute.accepted() >= 2, "it was tried again until start_timeout: " + mute.accepted());

        // two answered before (its key is pinned); now it accepts and says nothing.
        two.close();
        two = null;
        twoGoneQuiet = SilentHost.start("127.0.8.2", port);
        Cli.Result exec = Cli.run(dir, 120, "exec", "cluster.yml", "all", "--", "echo", "hi");
        assertEquals(1, exec.code(), exec.both());
        assertTrue(exec.out().contains("one | OK | rc=0 >>\nhi\n"), exec.out());
        assertTrue(exec.out().contains("two | UNREACHABLE >>\ncannot connect to "), exec.out());
        assertTrue(exec.out().contains("sent no SSH banner"), exec.out());
        assertTrue(exec.err().contains("Failed on 1 of 2 nodes."), exec.err());

        Cli.Result again = Cli.run(dir, 120, "apply", "cluster.yml", "--yes", "--recheck");
        assertEquals(1, again.code(), again.both());
        assertTrue(again.out().contains("did not answer SSH at 127.0.8.2:" + port + " within 3s (connect_timeout 1s x 3): "), again.out());
        assertDownWithin("two", again.out(), 3.0);
        assertDownWithin("mute", again.out(), 4.0);
        assertTrue(again.out().matches("(?s).*\\n  one +ok .*"), again.out());
    }

    /** The summary line of {@code node} says it is down, after at most its wait plus a margin. */
    private static void assertDownWithin(String node, String out, double waitSeconds) {
        Matcher m = Pattern.compile("\\n  " + node + " +down .*\\((\\d+\\.\\d)s\\)\\n").matcher(out);
        assertTrue(m.find(), node + " is not reported down:\n" + out);
        double took = Double.parseDouble(m.group(1));
        assertTrue(took <= waitSeconds + 1.5, node + " was down only after " + took + " s, its wait is " + waitSeconds + " s");
    }
}
