package dev.spotplay.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotplay.inventory.InventoryWriter.Format;
import dev.spotplay.inventory.InventoryWriter.HostEntry;
import dev.spotplay.testing.AnsibleInventory;
import dev.spotplay.testing.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What spotplay writes as an inventory, read back by Ansible itself ({@code ansible-inventory
 * --list} from PyPI's ansible-core): every value, however hostile, comes back as the same text,
 * and none becomes a variable, a host or a line of its own.
 */
@Integration
class InventoryWriterRoundTripTest {
    @TempDir Path dir;

    /** Values a host's vars may hold (a key file's path, a user's own setting): each must read back unchanged. */
    static final List<String> VALUES = List.of(
            "plain", "two words", " leading and trailing ", "", "it's", "say \"hi\"", "back\\slash", "a=b=c",
            "x # not a comment", "#first", "a;b", "; semicolon", "$(touch /tmp/spotplay-canary)", "`touch /tmp/spotplay-canary`",
            "a | b & c", "-oProxyCommand=touch /tmp/spotplay-canary", "h9 ansible_ssh_common_args=-oProxyCommand=x",
            "line\nbreak", "carriage\rreturn", "tab\there", "nel\u0085sep\u2028par\u2029", "bell\u0007esc\u001bdel\u007f",
            "zero width\u200bjoiner\ufeff", "éàü ß 日本語 🚀", "True", "None", "false", "yes", "~", "null", "1_000", "0x10", "-1", "+5",
            "1e3", "12", "127.0.0.1", "fd00::5", "::1", "True,False", "[1, 2]", "{'a': 1}", "'quoted'", "\"dq\"", "%d %h %%",
            "{{ lookup('pipe', 'touch /tmp/spotplay-canary') }}", "/path/with spaces/and'quote/key.pem", "x".repeat(5000));

    @ParameterizedTest
    @EnumSource(Format.class)
    void everyValueReadsBackAsWritten(Format format) throws Exception {
        Map<String, Object> allVars = new LinkedHashMap<>();
        allVars.put("ansible_ssh_common_args", "-o 'UserKnownHostsFile=\"/tmp/a b/known\"' -o StrictHostKeyChecking=yes");
        List<HostEntry> hosts = new ArrayList<>();
        for (int i = 0; i < VALUES.size(); i++) {
            Map<String, Object> vars = new LinkedHashMap<>();
            vars.put("ansible_host", "127.0.0.1");
            vars.put("ansible_port", 2200 + i);
            vars.put("value", VALUES.get(i));
            hosts.add(new HostEntry("h" + i, vars));
        }
        hosts.add(new HostEntry("fd00--5", Map.of("other", "x")));
        hosts.add(new HostEntry("fd00::5", Map.of("v6", "yes")));
        Map<String, List<HostEntry>> groups = new LinkedHashMap<>();
        groups.put("web", hosts);
        groups.put("empty", List.of());
        String text = InventoryWriter.write(format, groups, allVars, List.of("cluster \"x\"\nnot a line"));
        Path file = dir.resolve("inventory." + format.name().toLowerCase(Locale.ROOT).replace("yaml", "yml"));
        Files.writeString(file, text);

        JsonNode listed = AnsibleInventory.list(file);
        JsonNode hostvars = listed.path("_meta").path("hostvars");
        assertEquals(hosts.size(), hostvars.size(), "the hosts and no others:\n" + listed.toPrettyString() + "\n" + text);
        for (int i = 0; i < VALUES.size(); i++) {
            JsonNode vars = hostvars.path("h" + i);
            String shown = "value " + i + " in\n" + text;
            assertTrue(vars.path("value").isTextual(), shown + "\n" + vars);
            assertEquals(VALUES.get(i), vars.path("value").asText(), shown);
            assertEquals("127.0.0.1", vars.path("ansible_host").asText(), shown);
            assertEquals(2200 + i, vars.path("ansible_port").asInt(-1), shown);
            assertTrue(vars.path("ansible_port").isInt(), shown);
            assertEquals(allVars.get("ansible_ssh_common_args"), vars.path("ansible_ssh_common_args").asText(), shown);
            assertEquals(4, vars.size(), "no variable more than written: " + vars);
        }
        assertEquals("yes", hostvars.path("fd00::5").path("v6").asText(), text);

        // spotplay's own reader (the static provider's) reads the same text as Ansible.
        Inventory back = InventoryLoader.parse(file, file.getFileName().toString(), text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (int i = 0; i < VALUES.size(); i++) {
            assertEquals(VALUES.get(i), String.valueOf(back.varsOf("h" + i).get("value")), "spotplay reads value " + i + " in\n" + text);
        }
        List<String> web = new ArrayList<>();
        listed.path("web").path("hosts").forEach(h -> web.add(h.asText()));
        assertEquals(hosts.stream().map(HostEntry::name).toList(), web, text);
    }
}
