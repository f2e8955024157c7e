package dev.spotplay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * PyPI's {@code ansible-inventory}, to read an inventory back exactly as Ansible does. Uses the
 * one {@code ./test.sh} set up when {@code SPOTPLAY_TEST_ANSIBLE_INVENTORY} names it; otherwise
 * runs {@code scripts/ansible-fixture.sh} once per JVM (it installs ansible-core into a venv
 * under ~/.cache/spotplay on first use).
 */
public final class AnsibleInventory {
    private static Path program;

    private AnsibleInventory() {}

    public static synchronized Path program() throws IOException {
        if (program == null) {
            String named = System.getenv("SPOTPLAY_TEST_ANSIBLE_INVENTORY");
            if (named != null && !named.isBlank()) {
                program = Path.of(named);
            } else {
                Path dir = Files.createTempDirectory("spotplay-ansible-");
                String env = Scripts.run("ansible-fixture.sh", "start", dir.toString());
                program = Path.of(env.strip().substring(env.strip().indexOf('=') + 1));
            }
        }
        return program;
    }

    /** {@code ansible-inventory -i FILE --list}, parsed; its {@code _meta.hostvars} hold every host's vars. */
    public static JsonNode list(Path inventory) throws IOException {
        Path home = Files.createTempDirectory("spotplay-ansible-home-");
        Path config = Files.writeString(home.resolve("ansible.cfg"), "[defaults]\n");
        // Its own config folder and no ansible.cfg of the machine's: the same reading everywhere.
        List<String> command = List.of("env", "HOME=" + home, "ANSIBLE_CONFIG=" + config, "ANSIBLE_LOCAL_TEMP=" + home.resolve("tmp"),
                "ANSIBLE_INVENTORY_UNPARSED_FAILED=true", "ANSIBLE_INVENTORY_ENABLED=yaml,ini", program().toString(), "-i", inventory.toString(), "--list");
        return new ObjectMapper().readTree(Commands.run(command));
    }
}
