package dev.spotplay.provider.static_;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.Diagnostic;
import dev.spotplay.diag.DiagnosticException;
import dev.spotplay.module.ModuleCatalog;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.PlaybookLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What validate finds in a static playbook and its inventory together, before any host is contacted. */
class StaticChecksTest {
    @TempDir Path dir;

    private Diagnostic only(String inventory, String groups) throws Exception {
        Files.writeString(dir.resolve("hosts.ini"), inventory);
        Path file = Files.writeString(dir.resolve("cluster.yml"),
                "name: st\nprovider: {type: static, inventory: hosts.ini}\ngroups:\n" + groups);
        Playbook pb = PlaybookLoader.load(file, new ModuleCatalog(List.of())).playbook();
        DiagnosticException e = assertThrows(DiagnosticException.class, () -> new StaticProviderFactory().validate(pb));
        assertEquals(1, e.diagnostics().errors().size(), e.diagnostics().render());
        return e.diagnostics().errors().get(0);
    }

    @Test
    void minCountAboveTheInventoryGroupIsRefusedAtTheGroup() throws Exception {
        Diagnostic d = only("[web]\nweb1\nweb2\n", "  web: {min_count: 3}\n");
        assertTrue(d.render().contains("cluster.yml:4:3: min_count above the inventory"), d.render());
        assertTrue(d.detail().contains("from 0 to 2"), d.render());
    }

    @Test
    void minCountWithoutCountIsKeptForTheStaticProvider() throws Exception {
        Files.writeString(dir.resolve("hosts.ini"), "[web]\nweb1\nweb2\n");
        Path file = Files.writeString(dir.resolve("cluster.yml"),
                "name: st\nprovider: {type: static, inventory: hosts.ini}\ngroups:\n  web: {min_count: 1}\n");
        Playbook pb = PlaybookLoader.load(file, new ModuleCatalog(List.of())).playbook();
        assertEquals(1, pb.groups().get(0).minimumUp(2));
        Path file2 = Files.writeString(dir.resolve("cluster.yml"), "name: st\nprovider: {type: static, inventory: hosts.ini}\ngroups:\n  web: {}\n");
        assertEquals(2, PlaybookLoader.load(file2, new ModuleCatalog(List.of())).playbook().groups().get(0).minimumUp(2),
                "without min_count every host must answer");
    }

    @Test
    void aKeyFileTheInventoryNamesMustExist() throws Exception {
        Diagnostic d = only("[web]\nweb1\nweb2\n[web:vars]\nansible_ssh_private_key_file=keys/missing\n", "  web: {}\n");
        assertTrue(d.render().contains("hosts.ini:5:1: Key file not found"), d.render());
        assertTrue(d.detail().contains(dir.resolve("keys/missing") + " does not exist"), d.render());
    }
}
