package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.EndToEnd;
import dev.spotplay.testing.OpenSshServer;
import dev.spotplay.testing.SshdProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A static host (127.0.7.2) behind a bastion (127.0.7.3), through ./spotplay: apply, exec, ssh and
 * inventory all go through the bastion. The bastion's sshd may forward only to the node
 * ({@code PermitOpen}) and the node's sshd forwards nothing; a bastion that comes back with
 * another host key is refused with both fingerprints, by spotplay and by OpenSSH.
 */
@EndToEnd
class BastionIT {
    static final String NODE = "127.0.7.2";
    static final String BASTION = "127.0.7.3";

    @TempDir Path dir;
    int nodePort;
    int bastionPort;
    SshdProcess node;
    SshdProcess bastion;

    @BeforeAll
    static void built() throws Exception {
        Cli.markBuilt();
    }

    @BeforeEach
    void hosts() throws Exception {
        nodePort = SshdProcess.freePort();
        bastionPort = SshdProcess.freePort();
        node = SshdProcess.start(dir.resolve("sshd-node"), SshdProcess.hostKey(dir.resolve("keys/node")), List.of(NODE), nodePort,
                "AllowTcpForwarding no");
        bastion = startBastion("bastion");
    }

    SshdProcess startBastion(String key) throws Exception {
        return SshdProcess.start(dir.resolve("sshd-" + key), SshdProcess.hostKey(dir.resolve("keys/" + key)), List.of(BASTION), bastionPort,
                "AllowTcpForwarding yes", "PermitOpen " + NODE + ":" + nodePort);
    }

    @AfterEach
    void stop() {
        for (SshdProcess p : new SshdProcess[] {node, bastion}) {
            if (p != null) {
                p.close();
            }
        }
    }

    void write(String hostVars, String sshBlock) throws Exception {
        String me = System.getProperty("user.name");
        Files.writeString(dir.resolve("hosts.ini"), "[web]\nweb1 ansible_host=" + NODE + " ansible_port=" + nodePort + " ansible_user=" + me
                + " ansible_ssh_private_key_file=" + OpenSshServer.get().key() + hostVars + "\n");
        Files.writeString(dir.resolve("cluster.yml"), """
                name: jb
                provider: { type: static, inventory: hosts.ini }
                ssh: { connect_timeout: 2s, start_timeout: 5s%s }
                groups:
                  web: {}
                steps:
                  - name: hello
                    shell: echo "$SSH_CONNECTION" > /tmp/spotplay-bastion-it-%d
                """.formatted(sshBlock, nodePort));
    }

    @Test
    void applyExecSshAndInventoryGoThroughTheBastionAndItsKeyIsPinned() throws Exception {
        String me = System.getProperty("user.name");
        write("", ", proxy_jump: \"" + me + "@" + BASTION + ":" + bastionPort + "\"");
        Cli.Result apply = Cli.run(dir, 120, "apply", "cluster.yml", "--yes");
        assertEquals(0, apply.code(), apply.both());
        Path hello = Path.of("/tmp/spotplay-bastion-it-" + nodePort);
        try {
            assertTrue(Files.readString(hello).contains(NODE + " " + nodePort), Files.readString(hello));
            assertTrue(Files.readString(dir.resolve("sshd-bastion/sshd.log")).contains("Accepted publickey for " + me),
                    "spotplay logged in to the bastion");

            Cli.Result exec = Cli.run(dir, 120, "exec", "cluster.yml", "web", "--", "echo $SSH_CONNECTION");
            assertEquals(0, exec.code(), exec.both());
            assertTrue(exec.out().contains(NODE + " " + nodePort), exec.out());

            Cli.Result ssh = Cli.run(dir, 120, "ssh", "cluster.yml", "web1", "--", "echo", "openssh-through-bastion");
            assertEquals(0, ssh.code(), ssh.both());
            assertTrue(ssh.out().contains("openssh-through-bastion"), ssh.both());

            Cli.Result inventory = Cli.run(dir, 120, "inventory", "cluster.yml");
            assertEquals(0, inventory.code(), inventory.both());
            assertTrue(inventory.out().contains("ProxyJump=" + me + "@" + BASTION + ":" + bastionPort), inventory.out());

            // cp through the bastion: a folder up to the group, by checksum, and back down from the node.
            Path site = Files.createDirectories(dir.resolve("site/sub"));
            Files.writeString(site.resolve("a.txt"), "alpha\n");
            Files.writeString(dir.resolve("site/run.sh"), "#!/bin/sh\necho ran\n");
            Files.setPosixFilePermissions(dir.resolve("site/run.sh"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            String remote = "/tmp/spotplay-bastion-it-cp-" + nodePort;
            Cli.Result up = Cli.run(dir, 120, "cp", "cluster.yml", "site", "web:" + remote + "/");
            assertEquals(0, up.code(), up.both());
            assertTrue(up.out().contains("sent 2, unchanged 0"), up.out());
            assertEquals("alpha\n", Files.readString(Path.of(remote, "site/sub/a.txt")));
            assertTrue(Files.isExecutable(Path.of(remote, "site/run.sh")), "the mode is kept");
            Cli.Result again = Cli.run(dir, 120, "cp", "cluster.yml", "site", "web:" + remote + "/");
            assertTrue(again.out().contains("sent 0, unchanged 2"), again.out());
            Files.writeString(site.resolve("a.txt"), "beta\n");
            Cli.Result changed = Cli.run(dir, 120, "cp", "cluster.yml", "site", "web:" + remote + "/");
            assertTrue(changed.out().contains("sent 1, unchanged 1"), changed.out());
            Cli.Result down = Cli.run(dir, 120, "cp", "cluster.yml", "web1:" + remote + "/site", "back");
            assertEquals(0, down.code(), down.both());
            assertEquals("beta\n", Files.readString(dir.resolve("back/site/sub/a.txt")));
            Cli.Result fromGroup = Cli.run(dir, 120, "cp", "cluster.yml", "web:" + remote + "/site/run.sh", "pergroup");
            assertEquals(0, fromGroup.code(), fromGroup.both());
            assertEquals("#!/bin/sh\necho ran\n", Files.readString(dir.resolve("pergroup/web1/run.sh")));
            removeTree(Path.of(remote));

            // The bastion is rebuilt with another host key: refused, with both fingerprints, by spotplay and by OpenSSH.
            bastion.close();
            bastion = startBastion("bastion-rebuilt");
            Cli.Result refused = Cli.run(dir, 120, "exec", "cluster.yml", "web", "--", "echo", "reached");
            assertNotEquals(0, refused.code(), refused.both());
            assertTrue(refused.both().contains("Host key of the bastion " + me + "@" + BASTION + ":" + bastionPort), refused.both());
            assertTrue(refused.both().contains("pinned in state: ssh-ed25519 SHA256:"), refused.both());
            assertTrue(refused.both().contains("offered by bastion: ssh-ed25519 SHA256:"), refused.both());
            Cli.Result sshRefused = Cli.run(dir, 120, "ssh", "cluster.yml", "web1", "--", "echo", "reached");
            assertEquals(255, sshRefused.code(), sshRefused.both());
            assertTrue(!sshRefused.out().contains("reached"), sshRefused.both());
            assertTrue(refused.both().contains("spotplay forget-host-key bastion"), "the refusal says what to do:\n" + refused.both());

            // The user knows the bastion was rebuilt: forget its key, and the next apply pins the new one.
            Cli.Result forget = Cli.run(dir, 120, "forget-host-key", "cluster.yml", "bastion", "--yes");
            assertEquals(0, forget.code(), forget.both());
            assertTrue(forget.out().contains("bastion " + me + "@" + BASTION + ":" + bastionPort + ": ssh-ed25519 SHA256:"), forget.out());
            Cli.Result repin = Cli.run(dir, 120, "apply", "cluster.yml", "--yes", "--recheck");
            assertEquals(0, repin.code(), repin.both());
            Cli.Result through = Cli.run(dir, 120, "exec", "cluster.yml", "web", "--", "echo", "reached");
            assertEquals(0, through.code(), through.both());
            assertTrue(through.out().contains("reached"), through.out());
        } finally {
            Files.deleteIfExists(hello);
        }
    }

    static void removeTree(Path p) throws java.io.IOException {
        try (var walk = Files.walk(p)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    @Test
    void aProxyJumpInTheInventoryIsTheSameBastion() throws Exception {
        String me = System.getProperty("user.name");
        write(" ansible_ssh_common_args='-o ProxyJump=" + me + "@" + BASTION + ":" + bastionPort + "'", "");
        Cli.Result apply = Cli.run(dir, 120, "apply", "cluster.yml", "--yes");
        Path hello = Path.of("/tmp/spotplay-bastion-it-" + nodePort);
        try {
            assertEquals(0, apply.code(), apply.both());
            assertTrue(Files.readString(hello).contains(NODE + " " + nodePort), Files.readString(hello));
            assertTrue(Files.readString(dir.resolve("sshd-bastion/sshd.log")).contains("Accepted publickey for " + me),
                    "spotplay logged in to the bastion");
        } finally {
            Files.deleteIfExists(hello);
        }
    }
}
