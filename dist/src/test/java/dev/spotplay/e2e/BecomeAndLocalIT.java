package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.EndToEnd;
import dev.spotplay.testing.OpenSshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A static cluster of two hosts through ./spotplay: {@code controller} is this machine
 * ({@code ansible_connection=local}, no SSH), {@code remote} the sshd fixture, logged in to as its
 * {@code spotplay-sudo} user (passwordless sudo). A plain step and a become step next to each other
 * (one batch, were it not for become) each run as their own user, on both hosts; the controller's
 * {@code ansible_become*} win over the steps' own, as Ansible's connection variables win over task
 * keywords. The node itself says who ran each step ({@code id -un} into a file).
 */
@EndToEnd
class BecomeAndLocalIT {
    @TempDir Path dir;
    Path out;

    @BeforeAll
    static void built() throws Exception {
        Cli.markBuilt();
    }

    @BeforeEach
    void cluster() throws Exception {
        OpenSshServer sshd = OpenSshServer.get();
        // Every user the steps run as writes here (and may replace another's file: no sticky bit);
        // it is outside the @TempDir, which only its owner may enter.
        out = Files.createTempDirectory(Path.of("/tmp"), "spotplay-become-");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(dir.resolve("hosts.ini"), """
                [web]
                controller ansible_connection=local ansible_become=true ansible_become_user=%s
                remote ansible_host=127.0.0.1 ansible_port=%d ansible_user=%s ansible_ssh_private_key_file=%s
                """.formatted(sshd.becomeUser(), sshd.port(), sshd.becomeUser(), sshd.key()));
        Files.writeString(dir.resolve("cluster.yml"), """
                name: bl
                provider: { type: static, inventory: hosts.ini }
                ssh: { connect_timeout: 2s, start_timeout: 5s }
                vars: { out: %s }
                groups:
                  web: {}
                steps:
                  - name: plain
                    shell: rm -f {{ out }}/plain-{{ node.name }} && id -un > {{ out }}/plain-{{ node.name }}
                  - name: root
                    shell: rm -f {{ out }}/root-{{ node.name }} && id -un > {{ out }}/root-{{ node.name }}
                    become: true
                  - name: other
                    shell: rm -f {{ out }}/other-{{ node.name }} && id -un > {{ out }}/other-{{ node.name }}
                    become: true
                    become_user: %s
                """.formatted(out, sshd.passwordSudoUser()));
    }

    @AfterEach
    void clean() throws Exception {
        try (var files = Files.list(out)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(out);
    }

    Cli.Result spotplay(String command, String... more) throws Exception {
        String[] all = new String[more.length + 2];
        all[0] = command;
        all[1] = "cluster.yml";
        System.arraycopy(more, 0, all, 2, more.length);
        return Cli.run(dir, 120, all);
    }

    String who(String step, String node) throws Exception {
        return Files.readString(out.resolve(step + "-" + node)).strip();
    }

    @Test
    void eachStepRunsAsItsUserOnTheLocalHostAndOverSshAndASecondApplyIsANoOp() throws Exception {
        OpenSshServer sshd = OpenSshServer.get();
        Cli.Result apply = spotplay("apply", "--yes");
        assertEquals(0, apply.code(), apply.both());
        assertEquals(sshd.becomeUser(), who("plain", "remote"));
        assertEquals("root", who("root", "remote"));
        assertEquals(sshd.passwordSudoUser(), who("other", "remote"));
        // The controller's inventory says become, as spotplay-sudo: its every step runs so.
        assertEquals(sshd.becomeUser(), who("plain", "controller"));
        assertEquals(sshd.becomeUser(), who("root", "controller"));
        assertEquals(sshd.becomeUser(), who("other", "controller"));

        Cli.Result again = spotplay("apply", "--yes");
        assertEquals(0, again.code(), again.both());
        assertTrue(again.out().contains("No changes."), again.out());

        Cli.Result status = spotplay("status");
        assertTrue(status.out().matches("(?s).*controller\\s+web\\s+running\\s+local\\s+3/3 ok.*"), status.out());
        assertTrue(status.out().matches("(?s).*remote\\s+web\\s+running\\s+127\\.0\\.0\\.1:" + sshd.port() + "\\s+3/3 ok.*"), status.out());
        Cli.Result inventory = spotplay("inventory");
        assertEquals(0, inventory.code(), inventory.both());
        assertTrue(inventory.out().matches("(?s).*controller[^\\n]*ansible_connection=local.*"), inventory.out());

        // Become is part of a step's definition: taking it off the step runs the step again, as the login user.
        Files.writeString(dir.resolve("cluster.yml"), Files.readString(dir.resolve("cluster.yml"))
                .replace("    shell: rm -f {{ out }}/root-{{ node.name }} && id -un > {{ out }}/root-{{ node.name }}\n    become: true\n",
                        "    shell: rm -f {{ out }}/root-{{ node.name }} && id -un > {{ out }}/root-{{ node.name }}\n"));
        Cli.Result plan = spotplay("plan");
        assertTrue(plan.out().contains("run \"root\" on remote  (definition changed)"), plan.out());
        assertTrue(plan.out().contains("ansible_connection=local: controller is this machine: its steps run here, as "
                + System.getProperty("user.name")), plan.out());
        assertFalse(plan.out().matches("(?s).*run \"[^\n]* on [^\n]*controller.*"), "the controller's inventory still says become:\n"
                + plan.out());
        Cli.Result third = spotplay("apply", "--yes");
        assertEquals(0, third.code(), third.both());
        assertEquals(sshd.becomeUser(), who("root", "remote"));
    }

    @Test
    void aSudoThatWantsAPasswordFailsThatStepWithOneClearLine() throws Exception {
        OpenSshServer sshd = OpenSshServer.get();
        Files.writeString(dir.resolve("hosts.ini"), Files.readString(dir.resolve("hosts.ini"))
                .replace("ansible_user=" + sshd.becomeUser(), "ansible_user=" + sshd.passwordSudoUser()));
        Cli.Result apply = spotplay("apply", "--yes");
        assertEquals(1, apply.code(), apply.both());
        assertTrue(apply.out().contains("sudo on remote needs a password; become needs passwordless sudo"), apply.out());
        assertEquals(sshd.passwordSudoUser(), who("plain", "remote"), "the step before it ran");
        assertFalse(Files.exists(out.resolve("root-remote")), "the become step did not run");
        assertEquals(sshd.becomeUser(), who("root", "controller"), "the other host is not held up");
    }

    /** On the local provider a node is this machine too, reached over its loopback SSH endpoint: become is sudo here, the same way. */
    @Test
    void onTheLocalProviderBecomeIsSudoOnThisMachine() throws Exception {
        OpenSshServer sshd = OpenSshServer.get();
        Files.writeString(dir.resolve("lp.yml"), """
                name: lp
                groups:
                  web: { count: 1 }
                steps:
                  - name: plain
                    shell: id -un > {{ out }}/plain-{{ node.name }}
                  - name: as user
                    shell: id -un > {{ out }}/user-{{ node.name }}
                    become: true
                    become_user: %s
                vars: { out: %s }
                """.formatted(sshd.becomeUser(), out));
        try {
            Cli.Result apply = Cli.run(dir, 120, "apply", "lp.yml", "--yes");
            assertEquals(0, apply.code(), apply.both());
            assertEquals(System.getProperty("user.name"), who("plain", "web001"));
            assertEquals(sshd.becomeUser(), who("user", "web001"));
        } finally {
            Cli.run(dir, 120, "destroy", "lp.yml", "--yes");
        }
    }
}
