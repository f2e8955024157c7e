package dev.spotplay.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spotplay.testing.Commands;
import dev.spotplay.testing.Integration;
import dev.spotplay.testing.SshdProcess;
import dev.spotplay.testing.TrustOnFirstUse;
import dev.spotplay.transport.Connection;
import dev.spotplay.transport.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key files users have (ssh-keygen's ed25519, ecdsa and rsa, and rsa in the old PEM form)
 * log in to a real OpenSSH sshd with the JDK's own crypto: spotplay registers no extra provider.
 */
@Integration
class KeyTypesTest {

    @Test
    void everyCommonKeyTypeLogsIn(@TempDir Path dir) throws Exception {
        List<String[]> kinds = List.of(new String[] {"ed25519"}, new String[] {"ecdsa", "-b", "256"},
                new String[] {"rsa", "-b", "3072"}, new String[] {"rsa", "-b", "2048", "-m", "PEM"});
        List<Path> keys = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            Path key = dir.resolve("key" + i);
            List<String> cmd = new ArrayList<>(List.of("ssh-keygen", "-q", "-N", "", "-f", key.toString(), "-t"));
            cmd.addAll(List.of(kinds.get(i)));
            Commands.run(cmd);
            keys.add(key);
        }
        int port = SshdProcess.freePort();
        List<Path> pubs = keys.stream().map(k -> Path.of(k + ".pub")).toList();
        try (SshdProcess sshd = SshdProcess.start(dir.resolve("sshd"), SshdProcess.hostKey(dir.resolve("host")), pubs,
                List.of("127.0.3.2"), port)) {
            SshConnector connector = new SshConnector(dev.spotplay.testing.TestThreads.IO);
            for (int i = 0; i < keys.size(); i++) {
                Endpoint ep = new Endpoint("k" + i, "127.0.3.2", port, System.getProperty("user.name"), keys.get(i), Duration.ofSeconds(5));
                try (Connection c = connector.connect(ep, TrustOnFirstUse.acceptAll(), System.currentTimeMillis() + 20_000)) {
                    assertEquals("k" + i, c.exec("echo k" + i, Duration.ofSeconds(10)).stdout().strip(), String.join(" ", kinds.get(i)));
                }
            }
        }
    }
}
