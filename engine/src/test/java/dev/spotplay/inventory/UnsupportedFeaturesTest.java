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
            new Case("ssh option besides a bastion", "h.yml", "all:\n  hosts:\n    w1:\n      ansible_ssh_extra_args: -J b -o ForwardAgent=yes\n",
                    "ansible_ssh_extra_args (host \"w1\"): only a bastion is understood here", 4, 7),
            new Case("another ssh option", "h.ini", "[web]\nw1 ansible_ssh_common_args='-o StrictHostKeyChecking=no'\n",
                    "Not understood: the ssh option \"StrictHostKeyChecking\" is not a bastion", 2, 4),
            new Case("bastion chain", "h.ini", "[web]\nw1 ansible_ssh_common_args='-J a@b,c@d'\n", "through one bastion only", 2, 4),
            new Case("proxy command that is not ssh -W", "h.ini", "[web]\nw1 ansible_ssh_common_args='-o ProxyCommand=\"nc %h %p\"'\n",
                    "the ProxyCommand is not \"ssh -W %h:%p ...\"", 2, 4),
            new Case("proxy command with more", "h.ini", "[web]\nw1 ansible_ssh_common_args='-o ProxyCommand=\"ssh -W %h:%p -i k b\"'\n",
                    "the ProxyCommand has \"-i\"", 2, 4),
            new Case("two bastions", "h.ini", "[web]\nw1 ansible_ssh_common_args='-J a' ansible_ssh_extra_args='-J b'\n",
                    "both ansible_ssh_common_args and ansible_ssh_extra_args name a bastion", 2, 35),
            new Case("become method su", "h.yml", "all:\n  vars:\n    ansible_become: true\n    ansible_become_method: su\n  hosts:\n    w1:\n",
                    "ansible_become_method=su (host \"w1\"): only ansible_become_method=sudo is supported", 4, 5),
            new Case("become password", "h.ini", "[web]\nw1 ansible_become=yes ansible_become_password=x\n",
                    "ansible_become_password (host \"w1\"): become is sudo without a password only", 2, 23),
            new Case("become flags", "h.ini", "[web]\nw1 ansible_become=yes ansible_become_flags=-E\n", "ansible_become_flags (host \"w1\")", 2, 23),
            new Case("become user that is not a name", "h.ini", "[web]\nw1 ansible_become=yes ansible_become_user='-oX'\n",
                    "ansible_become_user of host \"w1\": \"-oX\" is not a user name", 2, 23),
            new Case("winrm", "h.ini", "[web]\nw1 ansible_connection=winrm\n", "ansible_connection=winrm (host \"w1\"): only ansible_connection=ssh (or smart) and ansible_connection=local", 2, 4),
            new Case("docker", "h.ini", "[web]\nw1 ansible_connection=docker\n", "ansible_connection=docker", 2, 4),
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

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "-o ProxyJump=ops@10.0.0.9:2201|ops|10.0.0.9|2201",
        "-oProxyJump=10.0.0.9|null|10.0.0.9|0",
        "-J ops@bastion.example.com|ops|bastion.example.com|0",
        "-Jops@[fd00::9]:22|ops|fd00::9|22",
        "-o 'ProxyCommand=ssh -W %h:%p -q ops@10.0.0.9'|ops|10.0.0.9|0",
        "-o ProxyCommand=\"ssh -W %h:%p -l ops -p 2201 10.0.0.9\"|ops|10.0.0.9|2201",
        "-o \"ProxyCommand=ssh -q -W [%h]:%p 10.0.0.9 -p 2201\"|null|10.0.0.9|2201"})
    void oneBastionIsUnderstoodInEachWayAnsibleUsersWriteIt(String args, String user, String host, int port) {
        Inventory inv = InventoryLoader.parse(Path.of("h.yml"), "h.yml",
                ("all:\n  hosts:\n    w1:\n      ansible_ssh_common_args: " + com.fasterxml.jackson.databind.node.TextNode.valueOf(args) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
        Diagnostics diags = new Diagnostics();
        HostLogin login = inv.login("w1", diags).orElseThrow(() -> new AssertionError(diags.render()));
        assertEquals(new dev.spotplay.playbook.SshConfig.Jump(user.equals("null") ? null : user, host, port), login.proxyJump());
    }

    @Test
    void becomeAndLocalAreRead() {
        Inventory inv = InventoryLoader.parse(Path.of("h.ini"), "h.ini", ("[web]\nw1 ansible_become=yes ansible_become_user=pg\n"
                + "w2 ansible_become_method=sudo ansible_connection=local\nw3 ansible_become=no ansible_sudo_user=ops\n"
                + "w4 ansible_connection=ansible.builtin.local ansible_become_method=ansible.builtin.sudo\nw5 ansible_connection=ansible.legacy.ssh\n").getBytes(StandardCharsets.UTF_8));
        Diagnostics diags = new Diagnostics();
        HostLogin w1 = inv.login("w1", diags).orElseThrow(() -> new AssertionError(diags.render()));
        HostLogin w2 = inv.login("w2", diags).orElseThrow(() -> new AssertionError(diags.render()));
        HostLogin w3 = inv.login("w3", diags).orElseThrow(() -> new AssertionError(diags.render()));
        assertEquals(new dev.spotplay.playbook.Become(true, "pg"), w1.become());
        assertEquals("pg", w1.become().runAs());
        assertEquals(dev.spotplay.playbook.Become.NONE, w2.become());
        assertTrue(w2.local() && !w1.local());
        assertEquals(new dev.spotplay.playbook.Become(false, "ops"), w3.become());
        assertEquals(null, w3.become().runAs());
        assertTrue(inv.login("w4", diags).orElseThrow(() -> new AssertionError(diags.render())).local(), "a plugin's full name is its name");
        assertTrue(!inv.login("w5", diags).orElseThrow(() -> new AssertionError(diags.render())).local());
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
