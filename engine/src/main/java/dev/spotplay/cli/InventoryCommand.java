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
            "A node behind ssh.proxy_jump gets ansible_ssh_common_args='-o ProxyJump=user@host:port'.",
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
            // Ansible splits these with shlex, and ssh reads each -o line as ssh_config does: quoted for both.
            String knownHostsArgs = knownHosts == null ? null : "-o " + Shell.quote("UserKnownHostsFile="
                    + OpenSshArgs.configWord(OpenSshArgs.tokens(knownHosts.toAbsolutePath().toString()))) + " -o StrictHostKeyChecking=yes";
            int count = 0;
            for (NodeRecord n : session.reconcile().nodes()) {
                if (n.status() != NodeStatus.RUNNING && n.status() != NodeStatus.DOWN || n.host() == null) {
                    continue;
                }
                Endpoint e = Logins.checked(session, n);
                Map<String, Object> vars = hostVars(e, knownHostsArgs);
                groups.computeIfAbsent(n.group(), g -> new ArrayList<>()).add(new HostEntry(n.name(), vars));
                for (String other : session.provider().otherGroups(n.name())) { // a static host in several groups: in each, once a node
                    groups.computeIfAbsent(other, g -> new ArrayList<>()).add(new HostEntry(n.name(), vars));
                }
                if (n.hostKey() != null && knownHosts != null && !e.local()) {
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
                allVars.put("ansible_ssh_common_args", knownHostsArgs);
            }
            List<String> comment = List.of("Ansible inventory of cluster \"" + session.playbook().name() + "\" (provider "
                    + session.playbook().provider().type() + "): " + count + (count == 1 ? " node" : " nodes")
                    + ", written by spotplay inventory");
            out.print(InventoryWriter.write(format, groups, allVars, comment));
            out.flush();
            return 0;
        }
    }

    /**
     * A host's connection vars, exactly as spotplay logs in; a node behind a bastion gets
     * {@code ansible_ssh_common_args} with {@code -o ProxyJump=user@host:port} (and the
     * known_hosts options, which a host's own value would otherwise hide).
     */
    static Map<String, Object> hostVars(Endpoint e, String knownHostsArgs) {
        Map<String, Object> vars = new LinkedHashMap<>();
        if (e.local()) {
            vars.put("ansible_connection", "local");   // this machine: no address, port, user or key
            return vars;
        }
        vars.put("ansible_host", e.host());
        vars.put("ansible_port", e.port());
        vars.put("ansible_user", e.user());
        vars.put("ansible_ssh_private_key_file", e.privateKey().toAbsolutePath().toString());
        if (e.via() != null) {
            String jump = "-o " + Shell.quote("ProxyJump=" + e.via().jumpSpec());
            vars.put("ansible_ssh_common_args", knownHostsArgs == null ? jump : jump + " " + knownHostsArgs);
        }
        return vars;
    }
}
