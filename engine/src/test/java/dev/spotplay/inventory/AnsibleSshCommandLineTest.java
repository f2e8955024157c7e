package dev.spotplay.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.Diagnostics;
import dev.spotplay.testing.AnsibleInventory;
import dev.spotplay.testing.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The login spotplay reads against the ssh command line Ansible itself builds for each host
 * ({@code -o Port=}, {@code -o User=}, {@code -o IdentityFile=} and the address), with a stand-in
 * ssh so that nothing is contacted. This is the oracle for which of {@code ansible_user} and
 * {@code ansible_ssh_user} (and the other pairs) wins, which {@link AnsibleDifferentialTest}
 * takes from ssh.py's option definitions.
 */
@Integration
class AnsibleSshCommandLineTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ssh-aliases", "templated", "group-vars-files", "port-first-wins", "bastion-forms"})
    void spotplayLogsInAsAnsiblesSshWould(String name) throws Exception {
        Path work = dir.resolve(name);
        Path from = AnsibleDifferentialTest.CORPUS.resolve(name);
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = work.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        java.util.Properties props = new java.util.Properties();
        try (var r = Files.newBufferedReader(work.resolve("case.properties"))) {
            props.load(r);
        }
        List<Path> sources = List.of(props.getProperty("sources").split(",")).stream().map(String::strip).map(work::resolve).toList();
        Inventory inventory = InventoryLoader.load(sources);
        assertFalse(inventory.hosts().isEmpty());
        for (Inventory.Host h : inventory.hosts()) {
            List<String> argv = AnsibleInventory.sshCommandLine(sources, h.name());
            assertFalse(argv.isEmpty(), name + ": Ansible ran no ssh for " + h.name());
            Diagnostics diags = new Diagnostics();
            HostLogin login = inventory.login(h.name(), diags).orElseThrow(() -> new AssertionError(diags.render()));
            String what = name + ", host " + h.name() + ", ssh " + argv;
            assertEquals(argv.get(argv.size() - 2), login.address(), what + ": address");
            assertEquals(option(argv, "Port"), login.port() == null ? null : login.port().toString(), what + ": port");
            assertEquals(option(argv, "User"), login.user(), what + ": user");
            assertEquals(option(argv, "IdentityFile"), login.key(), what + ": key");
            // The bastion as OpenSSH itself reads Ansible's command line (ssh -G).
            List<String> dashG = new java.util.ArrayList<>(argv);
            dashG.set(0, "ssh");
            dashG.add(1, "-G");
            java.util.Map<String, String> seen = new java.util.HashMap<>();
            for (String line : dev.spotplay.testing.Commands.run(dashG).split("\n")) {
                int sp = line.indexOf(' ');
                if (sp > 0) seen.putIfAbsent(line.substring(0, sp), line.substring(sp + 1));
            }
            if (seen.containsKey("proxyjump")) {
                assertEquals(dev.spotplay.playbook.SshConfig.Jump.parse(seen.get("proxyjump")), login.proxyJump(), what + ": bastion");
            } else if (seen.containsKey("proxycommand")) {
                String pc = seen.get("proxycommand");
                assertTrue(pc.startsWith("ssh ") && pc.contains(" -W %h:%p"), what + ": " + pc);
                assertTrue(login.proxyJump() != null && pc.contains(login.proxyJump().host()), what + ": bastion " + login.proxyJump() + " vs " + pc);
            } else {
                assertEquals(null, login.proxyJump(), what + ": no bastion");
            }
        }
    }

    /** The value of {@code -o NAME=VALUE}, without the double quotes Ansible puts around some; null if absent. */
    private static String option(List<String> argv, String name) {
        for (int i = 0; i + 1 < argv.size(); i++) {
            if (argv.get(i).equals("-o") && argv.get(i + 1).startsWith(name + "=")) {
                String v = argv.get(i + 1).substring(name.length() + 1);
                return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }
}
