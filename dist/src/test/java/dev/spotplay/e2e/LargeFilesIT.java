package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.Sha256;
import dev.spotplay.testing.EndToEnd;
import dev.spotplay.testing.OpenSshServer;
import dev.spotplay.testing.SshdProcess;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file larger than spotplay's whole heap goes to a node by a {@code copy} step and
 * by {@code spotplay cp}, and comes back by {@code cp}, byte for byte: files are streamed from
 * and to disk, never held whole. {@code ./spotplay} runs with {@code -Xmx40m} and the file is 64 MiB, so any code path
 * that reads such a file into memory fails with OutOfMemoryError.
 */
@EndToEnd
class LargeFilesIT {
    static final String HOST = "127.0.7.20";
    static final int MIB = 1 << 20;
    static final Map<String, String> SMALL_HEAP = Map.of("SPOTPLAY_JAVA_OPTS", "-Xmx40m -Xms16m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");

    @TempDir Path dir;
    SshdProcess sshd;

    @BeforeAll
    static void built() throws Exception {
        Cli.markBuilt();
    }

    @AfterEach
    void stop() {
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void aFileLargerThanTheHeapIsCopiedByAStepAndByCpBothWays() throws Exception {
        int port = SshdProcess.freePort();
        sshd = SshdProcess.start(dir.resolve("sshd"), SshdProcess.hostKey(dir.resolve("keys/host")), List.of(HOST), port);
        Path big = dir.resolve("big.bin");
        writeBig(big, 64);
        String sum = Sha256.hexOfFile(big);
        Path remote = Files.createDirectories(dir.resolve("on-node"));
        Files.writeString(dir.resolve("hosts.ini"), "[web]\nweb1 ansible_host=" + HOST + " ansible_port=" + port + " ansible_user="
                + System.getProperty("user.name") + " ansible_ssh_private_key_file=" + OpenSshServer.get().key() + "\n");
        Files.writeString(dir.resolve("cluster.yml"), """
                name: large
                provider: { type: static, inventory: hosts.ini }
                ssh: { connect_timeout: 2s, start_timeout: 10s }
                groups:
                  web: {}
                steps:
                  - name: data
                    copy: { src: big.bin, dest: %s/step/big.bin }
                """.formatted(remote));

        Cli.Result apply = Cli.run(dir, SMALL_HEAP, "apply", "cluster.yml", "--yes");
        assertEquals(0, apply.code(), apply.both());
        assertEquals(sum, Sha256.hexOfFile(remote.resolve("step/big.bin")), "the step wrote the whole file");
        Cli.Result again = Cli.run(dir, SMALL_HEAP, "plan", "cluster.yml");
        assertEquals(0, again.code(), again.both());
        assertTrue(again.out().contains("No changes"), "the file's checksum is all a plan needs:\n" + again.both());

        Cli.Result up = Cli.run(dir, SMALL_HEAP, "cp", "cluster.yml", "big.bin", "web:" + remote + "/cp/");
        assertEquals(0, up.code(), up.both());
        assertTrue(up.out().contains("sent 1, unchanged 0"), up.out());
        assertEquals(sum, Sha256.hexOfFile(remote.resolve("cp/big.bin")));
        Cli.Result upAgain = Cli.run(dir, SMALL_HEAP, "cp", "cluster.yml", "big.bin", "web:" + remote + "/cp/");
        assertTrue(upAgain.out().contains("sent 0, unchanged 1"), upAgain.out());

        Path back = Files.createDirectories(dir.resolve("back"));
        Cli.Result down = Cli.run(dir, SMALL_HEAP, "cp", "cluster.yml", "web1:" + remote + "/cp/big.bin", back.toString());
        assertEquals(0, down.code(), down.both());
        assertEquals(sum, Sha256.hexOfFile(back.resolve("big.bin")), "fetched byte for byte");
        try (var left = Files.list(back)) {
            assertEquals(List.of(back.resolve("big.bin")), left.toList(), "no temporary file is left beside it");
        }
    }

    /** {@code mib} MiB that are not one repeated block, so a wrong offset would show in the checksum. */
    private static void writeBig(Path file, int mib) throws java.io.IOException {
        Random random = new Random(42);
        byte[] block = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
    }
}
