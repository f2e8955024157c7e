package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.AnsibleInventory;
import dev.spotplay.testing.EndToEnd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ansible, handed {@code spotplay inventory}, moves files to local nodes the way it does to an
 * OpenSSH server: over SFTP, with no "transfer mechanism failed" fallback (Ansible is the oracle).
 */
@EndToEnd
class LocalAnsibleIT {
    @TempDir Path dir;

    @BeforeAll
    static void built() throws Exception {
        Cli.markBuilt();
    }

    @AfterEach
    void destroy() throws Exception {
        Cli.run(dir, "destroy", "demo.yml", "--yes");
    }

    @Test
    void ansibleCopiesOverSftpWithoutFallingBack() throws Exception {
        Cli.copyDemo(dir);
        Cli.Result apply = Cli.run(dir, "apply", "demo.yml", "--yes");
        assertEquals(0, apply.code(), apply.both());
        Cli.Result inventory = Cli.run(dir, "inventory", "demo.yml", "--known-hosts", dir.resolve("known_hosts").toString());
        assertEquals(0, inventory.code(), inventory.both());
        Files.writeString(dir.resolve("hosts.ini"), inventory.out());
        Files.writeString(dir.resolve("payload.txt"), "from ansible\n");

        Path bin = AnsibleInventory.program().getParent();
        Path home = Files.createDirectories(dir.resolve("ansible-home"));
        Path config = Files.writeString(home.resolve("ansible.cfg"), "[defaults]\n");
        List<String> command = List.of("env", "HOME=" + home, "ANSIBLE_CONFIG=" + config, "ANSIBLE_LOCAL_TEMP=" + home.resolve("tmp"),
                bin.resolve("ansible").toString(), "-i", dir.resolve("hosts.ini").toString(), "all", "-vvv",
                "-e", "ansible_python_interpreter=" + bin.resolve("python"),
                "-m", "copy", "-a", "src=" + dir.resolve("payload.txt") + " dest=copied.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ansible finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("EXEC sftp"), "Ansible used SFTP:\n" + out);
        assertFalse(out.contains("transfer mechanism failed"), out);
        for (String node : List.of("head001", "worker001", "worker002", "worker003")) {
            assertEquals("from ansible\n", Files.readString(dir.resolve(".spotplay/demo/nodes/" + node + "/home/copied.txt")), node);
        }
    }
}
