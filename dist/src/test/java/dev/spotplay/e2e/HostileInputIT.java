package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotplay.testing.AnsibleInventory;
import dev.spotplay.testing.Commands;
import dev.spotplay.testing.EndToEnd;
import dev.spotplay.testing.OpenSshServer;
import dev.spotplay.testing.SshdProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, findings 1 and 2, through the built ./spotplay against a real OpenSSH sshd on
 * 127.0.3.6: a hostile login user (inventory or playbook) or host name is refused at its line by
 * validate and by ssh, and nothing runs on this machine; the inventory spotplay writes, with a key
 * path full of shell and ssh metacharacters, reads back in Ansible exactly as spotplay logs in.
 */
@EndToEnd
class HostileInputIT {
    @TempDir Path dir;
    int port;
    SshdProcess sshd;
    Path canary;
    String user = System.getProperty("user.name");

    @BeforeAll
    static void built() throws Exception {
        Cli.markBuilt();
    }

    @BeforeEach
    void host() throws Exception {
        port = SshdProcess.freePort();
        sshd = SshdProcess.start(dir.resolve("sshd"), SshdProcess.hostKey(dir.resolve("keys/h6")), List.of("127.0.3.6"), port);
        canary = dir.resolve("canary");
    }

    @AfterEach
    void stop() {
        if (sshd != null) {
            sshd.close();
        }
    }

    Cli.Result spotplay(String... args) throws Exception {
        return Cli.run(dir, 120, args);
    }

    void playbook(String ssh, String inventory) throws Exception {
        Files.writeString(dir.resolve("cluster.yml"), "name: hz\nprovider: { type: static, inventory: " + inventory + " }\n"
                + ssh + "groups:\n  web: {}\nsteps:\n  - shell: \"true\"\n");
    }

    @Test
    void aHostileLoginUserIsRefusedAtItsLineAndSshRunsNothingHere() throws Exception {
        String line = "h6 ansible_host=127.0.3.6 ansible_port=" + port + " ansible_ssh_private_key_file=" + OpenSshServer.get().key();
        Files.writeString(dir.resolve("hosts.ini"), "[web]\n" + line + " ansible_user=" + user + "\n");
        playbook("", "hosts.ini");
        assertEquals(0, spotplay("apply", "--yes").code());
        Cli.Result hi = spotplay("ssh", "cluster.yml", "h6", "--", "echo", "hi", "'$(hostname)'");
        assertEquals(0, hi.code(), hi.both());
        assertEquals("hi $(hostname)", hi.out().strip(), "the command runs on the node, its words as ssh sends them");

        String hostile = "-oProxyCommand=touch${IFS}" + canary;
        Files.writeString(dir.resolve("hosts.ini"), "[web]\n" + line + " ansible_user=" + hostile + "\n");
        Cli.Result validate = spotplay("validate", "cluster.yml");
        assertEquals(1, validate.code(), validate.both());
        int column = line.length() + " ansible_user=".length() + 1;
        assertTrue(validate.err().contains("hosts.ini:2:" + column + ": Invalid user name"), validate.err());
        Cli.Result ssh = spotplay("ssh", "cluster.yml", "h6", "--", "echo", "hi");
        assertEquals(1, ssh.code(), ssh.both());
        assertTrue(ssh.err().contains("Invalid user name"), ssh.err());
        assertFalse(ssh.both().contains("Exception"), ssh.both());

        Files.writeString(dir.resolve("hosts.ini"), "[web]\n" + line + "\n");
        playbook("ssh: { user: \"" + hostile + "\" }\n", "hosts.ini");
        Cli.Result fromPlaybook = spotplay("validate", "cluster.yml");
        assertEquals(1, fromPlaybook.code(), fromPlaybook.both());
        assertTrue(fromPlaybook.err().contains("cluster.yml:3:14: Invalid user name"), fromPlaybook.err());
        assertEquals(1, spotplay("ssh", "cluster.yml", "h6", "--", "echo", "hi").code());
        assertFalse(Files.exists(canary), "nothing ran on this machine");
    }

    @Test
    void aHostileHostNameIsRefusedAndTheInventoryWrittenReadsBackInAnsible() throws Exception {
        Files.writeString(dir.resolve("hosts.yml"), "all:\n  children:\n    web:\n      hosts:\n"
                + "        \"h9 ansible_ssh_common_args=-oProxyCommand=touch${IFS}" + canary + "\": { ansible_host: 127.0.3.6 }\n"
                + "        \"h10\\nh11\": { ansible_host: 127.0.3.6 }\n");
        playbook("", "hosts.yml");
        Cli.Result validate = spotplay("validate", "cluster.yml");
        assertEquals(1, validate.code(), validate.both());
        assertTrue(validate.err().contains("hosts.yml:5:9: Invalid host name"), validate.err());
        assertTrue(validate.err().contains("hosts.yml:6:9: Invalid host name"), validate.err());

        // Accepted, however odd: a key file whose path holds quotes, #, ;, $(), backticks, =, % and unicode
        // (the canary is relative: spotplay and ssh run in this folder).
        Path key = dir.resolve("keys/it's a #key; $(touch canary) `touch canary` é=%d.pem");
        Files.copy(OpenSshServer.get().key(), key);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("hosts.yml"), "all:\n  children:\n    web:\n      hosts:\n        h6:\n"
                + "          ansible_host: 127.0.3.6\n          ansible_port: " + port + "\n          ansible_user: " + user + "\n"
                + "          ansible_ssh_private_key_file: \"" + key.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n");
        Cli.Result apply = spotplay("apply", "--yes");
        assertEquals(0, apply.code(), apply.both());
        assertEquals("hi", spotplay("ssh", "cluster.yml", "h6", "--", "echo", "hi").out().strip(), "ssh logs in with that key");

        Path known = Files.createDirectories(dir.resolve("known hosts \"%h\"")).resolve("kh 'x'");
        for (String format : List.of("ini", "yaml", "json")) {
            Cli.Result written = spotplay("inventory", "cluster.yml", "--format", format, "--known-hosts", known.toString());
            assertEquals(0, written.code(), written.both());
            Path file = dir.resolve("written." + (format.equals("yaml") ? "yml" : format));
            Files.writeString(file, written.out());
            JsonNode h6 = AnsibleInventory.list(file).path("_meta").path("hostvars").path("h6");
            assertEquals("127.0.3.6", h6.path("ansible_host").asText(), written.out());
            assertEquals(port, h6.path("ansible_port").asInt(), written.out());
            assertEquals(user, h6.path("ansible_user").asText(), written.out());
            assertEquals(key.toString(), h6.path("ansible_ssh_private_key_file").asText(), written.out());

            // Ansible splits ansible_ssh_common_args with shlex and hands the words to ssh: ssh must see the file.
            List<String> words = List.of(Commands.run(List.of("python3", "-c", "import shlex, sys; print('\\0'.join(shlex.split(sys.argv[1])))",
                    h6.path("ansible_ssh_common_args").asText())).replaceAll("\n$", "").split("\0"));
            List<String> argv = new ArrayList<>(List.of("ssh", "-G"));
            argv.addAll(words);
            argv.addAll(List.of("-p", String.valueOf(port), "--", "127.0.3.6"));
            String config = Commands.run(argv);
            assertTrue(config.contains("\nuserknownhostsfile " + known + "\n"), words + "\n" + config);
            assertTrue(config.contains("\nstricthostkeychecking true\n"), config);
        }
        Commands.run(List.of("ssh-keygen", "-F", "[127.0.3.6]:" + port, "-f", known.toString()));
        assertFalse(Files.exists(canary), "nothing ran on this machine");
    }
}
