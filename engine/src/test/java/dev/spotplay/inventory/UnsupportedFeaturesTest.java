package dev.spotplay.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.Diagnostic;
import dev.spotplay.diag.DiagnosticException;
import dev.spotplay.diag.Diagnostics;
import dev.spotplay.diag.UserError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** What spotplay does not do is refused with the feature's name, the host and where it is written; never dropped. */
class UnsupportedFeaturesTest {
    record Case(String name, String file, String text, String expected, int line, int column) {
        @Override public String toString() { return name; }
    }

    static Stream<Case> cases() {
        return Stream.of(
            new Case("password", "h.ini", "[web]\nw1 ansible_password=x\n", "ansible_password (host \"w1\"): password login is not supported", 2, 4),
            new Case("ssh pass", "h.ini", "[web]\nw1\n[web:vars]\nansible_ssh_pass=x\n", "ansible_ssh_pass (host \"w1\"): password login", 4, 1),
            new Case("bastion", "h.yml", "all:\n  hosts:\n    w1:\n      ansible_ssh_extra_args: -J b\n", "ansible_ssh_extra_args (host \"w1\"): extra ssh options", 4, 7),
            new Case("become", "h.yml", "all:\n  vars:\n    ansible_become: true\n  hosts:\n    w1:\n", "ansible_become (host \"w1\"): become (sudo)", 3, 5),
            new Case("become user with become", "h.ini", "[web]\nw1 ansible_become=yes ansible_become_user=pg\n", "ansible_become_user (host \"w1\")", 2, 23),
            new Case("local", "h.ini", "[web]\nw1 ansible_connection=local\n", "ansible_connection=local (host \"w1\"): only ansible_connection=ssh", 2, 4),
            new Case("winrm", "h.ini", "[web]\nw1 ansible_connection=winrm\n", "ansible_connection=winrm", 2, 4),
            new Case("host key checking", "h.ini", "[web]\nw1 ansible_host_key_checking=False\n", "always checks host keys", 2, 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithItsNameAndPlace(Case c) {
        Inventory inv = InventoryLoader.parse(Path.of(c.file()), c.file(), c.text().getBytes(StandardCharsets.UTF_8));
        Diagnostics diags = new Diagnostics();
        assertTrue(inv.login("w1", diags).isEmpty(), c.name());
        Diagnostic d = diags.errors().stream().filter(x -> x.render().contains(c.expected())).findFirst()
                .orElseThrow(() -> new AssertionError("no error says " + c.expected() + ":\n" + diags.render()));
        assertEquals(c.line(), d.range().line(), d.render());
        assertEquals(c.column(), d.range().column(), d.render());
    }

    @Test
    void aRefusedPasswordIsNeverShown() {
        Inventory inv = InventoryLoader.parse(Path.of("h.ini"), "h.ini",
                "[web]\nw1 ansible_become=yes ansible_become_pass=s3cret-b ansible_password=s3cret-p\n".getBytes(StandardCharsets.UTF_8));
        Diagnostics diags = new Diagnostics();
        assertTrue(inv.login("w1", diags).isEmpty());
        assertTrue(diags.render().contains("h.ini:2:"), diags.render());
        assertTrue(!diags.render().contains("s3cret"), diags.render());
    }

    @Test
    void becomeOffAndSshConnectionAreFine() {
        Inventory inv = InventoryLoader.parse(Path.of("h.ini"), "h.ini",
                "[web]\nw1 ansible_become=false ansible_connection=ssh ansible_python_interpreter=/usr/bin/python3\n".getBytes(StandardCharsets.UTF_8));
        Diagnostics diags = new Diagnostics();
        assertTrue(inv.login("w1", diags).isPresent(), diags.render());
    }

    @Test
    void pluginTagsAndHostListsAreNamed() {
        DiagnosticException e = assertThrows(DiagnosticException.class, () -> InventoryLoader.parse(Path.of("aws_ec2.yml"), "aws_ec2.yml",
                "plugin: amazon.aws.aws_ec2\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.diagnostics().render().contains("inventory plugin \"amazon.aws.aws_ec2\""), e.diagnostics().render());
        e = assertThrows(DiagnosticException.class, () -> InventoryLoader.parse(Path.of("h.yml"), "h.yml",
                "all:\n  hosts:\n    w1:\n      token: !vault |\n        $ANSIBLE_VAULT;1.1;AES256\n        6231\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.diagnostics().render().contains("h.yml:4:14"), e.diagnostics().render());
        assertTrue(e.diagnostics().render().contains("Ansible Vault (!vault) values are not supported"), e.diagnostics().render());
        UserError u = assertThrows(UserError.class, () -> InventoryLoader.load(List.of(Path.of("web1,web2,"))));
        assertTrue(u.getMessage().contains("host_list"), u.getMessage());
    }
}
