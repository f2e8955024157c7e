package dev.spotplay.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.Integration;
import dev.spotplay.testing.OpenSshServer;
import dev.spotplay.testing.TrustOnFirstUse;
import dev.spotplay.transport.Connection;
import dev.spotplay.transport.ssh.SshConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Copy} against a real OpenSSH sshd: awkward names, by checksum both ways, sha256sum on the node as the judge of what arrived. */
@Integration
class CopyOverSshTest {
    static final Duration T = Duration.ofSeconds(20);
    @TempDir Path dir;
    @TempDir Path remoteRoot;

    @Test
    void upAndDownByChecksumWithAwkwardNames() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree/it's a \"dir\" $(x)"));
        Files.writeString(tree.resolve("-n; rm -rf x.txt"), "one\n");
        Files.write(dir.resolve("tree/bin.dat"), new byte[] {0, 1, 2, (byte) 255});
        String remote = remoteRoot.resolve("dest dir").toString();
        try (Connection c = new SshConnector(dev.spotplay.testing.TestThreads.IO).connect(OpenSshServer.get().endpoint(),
                new TrustOnFirstUse(), System.currentTimeMillis() + 10_000)) {
            List<Copy.Item> items = Copy.plan(List.of(dir.resolve("tree")), remote, Copy.isFolder(c, remote, T));
            assertTrue(Copy.upload(c, items, T).stdout().endsWith("sent 2, unchanged 0\n"));
            String sum = c.exec("sha256sum < '" + remote + "/tree/bin.dat' | cut -c1-64", T).stdout().strip();
            assertEquals(dev.spotplay.diag.Sha256.hex(new byte[] {0, 1, 2, (byte) 255}), sum, "sha256sum on the node agrees");
            assertTrue(Copy.upload(c, items, T).stdout().endsWith("sent 0, unchanged 2\n"));

            Path back = Files.createDirectories(dir.resolve("back"));
            assertTrue(Copy.download(c, remote + "/tree", back, T).stdout().endsWith("fetched 2, unchanged 0\n"));
            assertEquals("one\n", Files.readString(back.resolve("tree/it's a \"dir\" $(x)/-n; rm -rf x.txt")));
            assertTrue(Copy.download(c, remote + "/tree", back, T).stdout().endsWith("fetched 0, unchanged 2\n"));
            Files.writeString(back.resolve("tree/it's a \"dir\" $(x)/-n; rm -rf x.txt"), "changed here\n");
            assertTrue(Copy.download(c, remote + "/tree", back, T).stdout().endsWith("fetched 1, unchanged 1\n"));
            assertEquals("one\n", Files.readString(back.resolve("tree/it's a \"dir\" $(x)/-n; rm -rf x.txt")));
        }
    }
}
