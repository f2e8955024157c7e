package dev.spotplay.cli;

import dev.spotplay.diag.UserError;
import dev.spotplay.exec.Logins;
import dev.spotplay.exec.Session;
import dev.spotplay.inventory.InventoryWriter;
import dev.spotplay.inventory.InventoryWriter.HostEntry;
import dev.spotplay.playbook.Group;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.transport.Endpoint;
import dev.spotplay.transport.LoginNames;
import dev.spotplay.transport.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = {"Print the cluster's live nodes as an Ansible inventory.",
            "One group per playbook group; each host with ansible_host, ansible_port, ansible_user and",
            "ansible_ssh_private_key_file, exactly as spotplay logs in. Works for every provider.",
            "Read-only, like status: state is checked against the provider; nothing is changed.",
            "Example: spotplay inventory > hosts.ini && ansible -i hosts.ini all -m ping"})
final class InventoryCommand implements Callable<Integer> {
    @Mixin PlaybookOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--format", paramLabel = "ini|yaml|json", defaultValue = "ini",
            description = "ini (default), yaml, or json (the YAML layout, which Ansible reads from a .json file).")
    InventoryWriter.Format format;

    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "Also write the host keys spotplay pinned to FILE (known_hosts format) and point Ansible at it "
                    + "(ansible_ssh_common_args), so Ansible checks the same keys without asking.")
    Path knownHosts;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        try (Session session = Session.open(common.playbook, common.session(false), false, "inventory")) {
            Map<String, List<HostEntry>> groups = new LinkedHashMap<>();
            session.playbook().groups().stream().map(Group::name).forEach(g -> groups.put(g, new ArrayList<>()));
            List<String> pinned = new ArrayList<>();
            int count = 0;
            for (NodeRecord n : session.reconcile().nodes()) {
                if (n.status() != NodeStatus.RUNNING && n.status() != NodeStatus.DOWN || n.host() == null) {
                    continue;
                }
                Endpoint e = Logins.checked(session, n);
                Map<String, Object> vars = new LinkedHashMap<>();
                vars.put("ansible_host", e.host());
                vars.put("ansible_port", e.port());
                vars.put("ansible_user", e.user());
                vars.put("ansible_ssh_private_key_file", e.privateKey().toAbsolutePath().toString());
                groups.computeIfAbsent(n.group(), g -> new ArrayList<>()).add(new HostEntry(n.name(), vars));
                if (n.hostKey() != null && knownHosts != null) {
                    String keyProblem = LoginNames.hostKeyProblem(n.hostKey());
                    if (keyProblem != null) {
                        throw new UserError("Refusing to write the host key of " + n.name() + ": the key pinned in state " + keyProblem);
                    }
                    pinned.add((e.port() == dev.spotplay.playbook.SshConfig.DEFAULT_PORT ? e.host() : "[" + e.host() + "]:" + e.port()) + " " + n.hostKey());
                }
                count++;
            }
            Map<String, Object> allVars = new LinkedHashMap<>();
            if (knownHosts != null) {
                Files.write(knownHosts, pinned);
                // Ansible splits these with shlex, and ssh reads each -o line as ssh_config does: quoted for both.
                String file = "UserKnownHostsFile=" + OpenSshArgs.configWord(OpenSshArgs.tokens(knownHosts.toAbsolutePath().toString()));
                allVars.put("ansible_ssh_common_args", "-o " + Shell.quote(file) + " -o StrictHostKeyChecking=yes");
            }
            List<String> comment = List.of("Ansible inventory of cluster \"" + session.playbook().name() + "\" (provider "
                    + session.playbook().provider().type() + "): " + count + (count == 1 ? " node" : " nodes")
                    + ", written by spotplay inventory");
            out.print(InventoryWriter.write(format, groups, allVars, comment));
            out.flush();
            return 0;
        }
    }
}
