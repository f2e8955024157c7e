package dev.spotplay.provider.static_;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spotplay.module.ModuleCatalog;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.PlaybookLoader;
import dev.spotplay.provider.NodeProvider;
import dev.spotplay.testing.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command checks its inventory and then uses it: a script inventory runs once for both, by a real sh. */
@Integration
class InventoryReadOnceTest {
    @TempDir Path dir;

    @Test
    void validateThenCreateRunTheScriptOnceAndAnotherPlaybookReadsItAgain() throws Exception {
        Path runs = dir.resolve("runs");
        Path script = dir.resolve("inv.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$1\" >> '" + runs + "'\n"
                + "echo '{\"web\": [\"w1\", \"w2\"], \"_meta\": {\"hostvars\": {\"w1\": {\"ansible_host\": \"127.0.0.1\"},"
                + " \"w2\": {\"ansible_host\": \"127.0.0.2\"}}}}'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Path file = Files.writeString(dir.resolve("cluster.yml"), "name: st\nprovider: {type: static, inventory: inv.sh}\ngroups:\n  web: {}\n");
        Playbook pb = PlaybookLoader.load(file, new ModuleCatalog(List.of())).playbook();

        StaticProviderFactory factory = new StaticProviderFactory();
        factory.validate(pb);
        try (NodeProvider provider = factory.create(pb, dir)) {
            assertEquals(List.of("w1", "w2"), provider.observe().stream().map(n -> n.name()).toList());
        }
        assertEquals(List.of("--list"), Files.readAllLines(runs));

        Playbook other = PlaybookLoader.load(file, new ModuleCatalog(List.of())).playbook();
        try (NodeProvider provider = factory.create(other, dir)) {
            assertEquals(2, provider.observe().size());
        }
        assertEquals(List.of("--list", "--list"), Files.readAllLines(runs), "a playbook validate did not see is read for itself");
    }
}
