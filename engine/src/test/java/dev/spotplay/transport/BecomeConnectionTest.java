package dev.spotplay.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.module.ScriptBatch;
import dev.spotplay.module.StepResult;
import dev.spotplay.module.StepScript;
import dev.spotplay.testing.Integration;
import dev.spotplay.testing.OpenSshServer;
import dev.spotplay.testing.TrustOnFirstUse;
import dev.spotplay.transport.ssh.SshConnector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Become through real sudo on a real sshd: the fixture's {@code spotplay-sudo} may sudo without a
 * password, {@code spotplay-sudopw} only with one. The oracle for who ran what is the node itself
 * ({@code id -un}, {@code stat}).
 */
@Integration
class BecomeConnectionTest {
    static final Duration T = Duration.ofSeconds(20);
    final SshConnector connector = new SshConnector(dev.spotplay.testing.TestThreads.IO);
    Connection login;
    String scratch;

    Connection connect(String user) throws IOException {
        return connector.connect(OpenSshServer.get().endpointAs(user), TrustOnFirstUse.acceptAll(), System.currentTimeMillis() + 15_000);
    }

    @BeforeEach
    void open() throws IOException {
        login = connect(OpenSshServer.get().becomeUser());
        scratch = "/root/spotplay-become-test-" + System.nanoTime();
    }

    @AfterEach
    void close() throws IOException {
        BecomeConnection.open(login, "root", "n1", T).exec("rm -rf " + scratch, T);
        login.close();
    }

    @Test
    void commandsRunAsTheBecomeUserAndTheLoginUserStaysItself() throws IOException {
        Connection root = BecomeConnection.open(login, "root", "n1", T);
        Connection other = BecomeConnection.open(login, OpenSshServer.get().passwordSudoUser(), "n1", T);
        assertEquals("root /root", root.exec("echo \"$(id -un) $HOME\"", T).stdout().strip());
        assertEquals(OpenSshServer.get().passwordSudoUser(), other.exec("id -un", T).stdout().strip());
        assertEquals(OpenSshServer.get().becomeUser(), login.exec("id -un", T).stdout().strip());
        // The command is one word for sudo's sh: quotes, $ and ; in it are the command's own.
        ExecResult r = root.exec("printf '%s\\n' \"a'b\" 'c;d' \"$(echo $0)\"; exit 3", "in".getBytes(StandardCharsets.UTF_8), T);
        assertEquals(3, r.exitCode());
        assertEquals("a'b\nc;d\nsh", r.stdout().strip());
        assertEquals("in", root.exec("cat", "in".getBytes(StandardCharsets.UTF_8), T).stdout());
    }

    @Test
    void putAndFetchReachWhereOnlyTheBecomeUserMay() throws IOException {
        Connection root = BecomeConnection.open(login, "root", "n1", T);
        String file = scratch + "/sub/secret.txt";
        byte[] bytes = new byte[200_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        root.put(bytes, file, 0640, T);
        assertEquals("root 640 200000", root.exec("stat -c '%U %a %s' " + file, T).stdout().strip());
        assertTrue(!login.exec("cat " + file, T).ok(), "the login user cannot read it");
        assertArrayEquals(bytes, root.fetch(file, T), "every byte back, binary ones too");
        assertThrows(NoSuchFileException.class, () -> root.fetch(scratch + "/none", T));
        assertThrows(IOException.class, () -> login.put(bytes, scratch + "/x", 0600, T), "without become the login user cannot write there");
    }

    @Test
    void aSudoThatWantsAPasswordIsOneClearRefusalNotAWait() throws IOException {
        try (Connection pw = connect(OpenSshServer.get().passwordSudoUser())) {
            BecomeConnection.Refused e = assertThrows(BecomeConnection.Refused.class, () -> BecomeConnection.open(pw, "root", "web1", T));
            assertEquals("sudo on web1 needs a password; become needs passwordless sudo (a NOPASSWD sudoers rule for the login user)",
                    e.getMessage());
        }
        BecomeConnection.Refused e = assertThrows(BecomeConnection.Refused.class,
                () -> BecomeConnection.open(login, "no-such-user-x", "web1", T));
        assertEquals("become: there is no user \"no-such-user-x\" on web1 (become_user)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BecomeConnection.open(login, "-u root", "web1", T));
    }

    /** The batch, its clock and its kill all run as root, so a root step past its timeout is killed, not left running. */
    @Test
    void aBatchUnderBecomeRunsAsThatUserAndItsTimeoutStillKills() throws Exception {
        Connection root = BecomeConnection.open(login, "root", "n1", T);
        String marker = "spotplay-become-sleep-" + System.nanoTime();
        String sleep = scratch + "/" + marker;
        ScriptBatch.Outcome o = ScriptBatch.run(root, List.of(
                new ScriptBatch.Entry(new StepScript("mkdir -p " + scratch + " && ln -s \"$(command -v sleep)\" " + sleep
                        + "\nprintf 'changed %s\\n' \"$(id -un)\" >&3"), T),
                new ScriptBatch.Entry(new StepScript(sleep + " 61 &\n" + sleep + " 61"), Duration.ofSeconds(2))));
        assertEquals(StepResult.changed("root", ""), o.results().get(0));
        assertEquals(StepResult.failed("timed out after 2s", ""), o.results().get(1));
        assertEquals("", dev.spotplay.testing.NodeProcesses.awaitGone(login, marker), "the root step's sleeps were killed");
    }
}
