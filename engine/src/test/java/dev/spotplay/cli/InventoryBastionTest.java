package dev.spotplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotplay.inventory.InventoryWriter;
import dev.spotplay.inventory.InventoryWriter.HostEntry;
import dev.spotplay.testing.AnsibleInventory;
import dev.spotplay.testing.Integration;
import dev.spotplay.transport.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code spotplay inventory} for nodes behind a bastion, with Ansible as the judge: ansible-inventory
 * reads {@code ansible_ssh_common_args} back exactly, and the ssh command line Ansible builds from
 * it has {@code -o ProxyJump=user@host:port} as one argument pair.
 */
@Integration
class InventoryBastionTest {
    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(InventoryWriter.Format.class)
    void ansibleGoesThroughTheBastionAsSpotplayDoes(InventoryWriter.Format format) throws Exception {
        Path key = dir.resolve("key dir/id_ed25519");
        Endpoint bastion = new Endpoint(Endpoint.BASTION, "127.0.6.3", 2201, "jumper", key, Duration.ofSeconds(5));
        Endpoint v6 = new Endpoint(Endpoint.BASTION, "fd00::3", 22, "jumper", key, Duration.ofSeconds(5));
        Map<String, List<HostEntry>> groups = new LinkedHashMap<>();
        String known = "-o 'UserKnownHostsFile=\"/tmp/a b/known\"' -o StrictHostKeyChecking=yes";
        groups.put("web", List.of(
                new HostEntry("web001", InventoryCommand.hostVars(new Endpoint("web001", "127.0.6.2", 22, "deploy", key,
                        Duration.ofSeconds(5), bastion), known)),
                new HostEntry("web002", InventoryCommand.hostVars(new Endpoint("web002", "127.0.6.4", 2222, "deploy", key,
                        Duration.ofSeconds(5), v6), null)),
                new HostEntry("web003", InventoryCommand.hostVars(new Endpoint("web003", "127.0.6.5", 22, "deploy", key,
                        Duration.ofSeconds(5)), null))));
        Path file = dir.resolve("inventory." + format.name().toLowerCase(Locale.ROOT).replace("yaml", "yml"));
        Files.writeString(file, InventoryWriter.write(format, groups, Map.of("ansible_ssh_common_args", known), List.of("x")));

        JsonNode hostvars = AnsibleInventory.list(file).path("_meta").path("hostvars");
        assertEquals("-o ProxyJump=jumper@127.0.6.3:2201 " + known, hostvars.path("web001").path("ansible_ssh_common_args").asText());
        assertEquals("-o 'ProxyJump=jumper@[fd00::3]:22'", hostvars.path("web002").path("ansible_ssh_common_args").asText());

        List<String> ssh1 = AnsibleInventory.sshCommandLine(List.of(file), "web001");
        assertTrue(pair(ssh1, "ProxyJump=jumper@127.0.6.3:2201"), ssh1.toString());
        assertTrue(pair(ssh1, "UserKnownHostsFile=\"/tmp/a b/known\""), ssh1.toString());
        List<String> ssh2 = AnsibleInventory.sshCommandLine(List.of(file), "web002");
        assertTrue(pair(ssh2, "ProxyJump=jumper@[fd00::3]:22"), ssh2.toString());
        List<String> ssh3 = AnsibleInventory.sshCommandLine(List.of(file), "web003");
        assertFalse(ssh3.stream().anyMatch(a -> a.startsWith("ProxyJump")), ssh3.toString());
        assertTrue(pair(ssh3, "UserKnownHostsFile=\"/tmp/a b/known\""), "the cluster-wide known_hosts still applies: " + ssh3);
    }

    private static boolean pair(List<String> argv, String option) {
        for (int i = 0; i + 1 < argv.size(); i++) {
            if (argv.get(i).equals("-o") && argv.get(i + 1).equals(option)) {
                return true;
            }
        }
        return false;
    }
}
