package dev.spotplay.cli;

import dev.spotplay.diag.DidYouMean;
import dev.spotplay.diag.UserError;
import dev.spotplay.exec.Logins;
import dev.spotplay.exec.Session;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.transport.Endpoint;
import dev.spotplay.transport.LoginNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ssh", mixinStandardHelpOptions = true,
        description = {"Open a shell on a node, or run one command there, with OpenSSH's ssh client.",
            "Uses the cluster's key and trusts only the host key pinned in state (run apply first).",
            "With ssh.proxy_jump, goes through the bastion (ssh -J), whose pinned host key is checked too."},
        footer = {"", "Examples: spotplay ssh demo.yml worker001", "          spotplay ssh worker001 -- df -h",
            "          spotplay ssh demo.yml            (the first node of ssh.to)"})
final class SshCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "[PLAYBOOK] [NODE] [-- COMMAND...]",
            description = "The node (default: the first node of ssh.to, else of head, frontend, login or master, else of the first group), "
                    + "and optionally a command after --.")
    List<String> words = new java.util.ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        TargetArgs given = TargetArgs.parseOptionalTarget(spec.commandLine(), words, "[NODE] [-- COMMAND...]");
        NodeRecord node;
        Endpoint endpoint;
        String bastionKey = null;
        try (Session session = Session.open(given.playbook(), common.session(false), false, "ssh")) {
            List<NodeRecord> nodes = session.reconcile().nodes();
            TargetArgs args = given.target() != null ? given
                    : new TargetArgs(given.playbook(), defaultNode(session.playbook(), nodes), given.command());
            node = nodes.stream().filter(n -> n.name().equals(args.target())).findFirst().orElseThrow(() -> new UserError(
                    "No node \"" + args.target() + "\" in cluster \"" + session.playbook().name() + "\"."
                            + DidYouMean.hint(args.target(), nodes.stream().map(NodeRecord::name).toList())
                            + " 'spotplay status' lists the nodes."));
            if (session.provider().login(node).local()) {
                throw new UserError(node.name() + " is this machine (ansible_connection=local in the inventory): there is nothing to ssh to;"
                        + " run the command here, or 'spotplay exec' it.");
            }
            if (node.status() == dev.spotplay.state.NodeStatus.STOPPED) {
                throw new UserError("Node " + node.name() + " is stopped (" + node.statusReason() + "); spotplay start "
                        + given.playbook() + " " + node.name() + " resumes it.");
            }
            if (node.hostKey() == null) {
                throw new UserError("No host key is pinned for " + node.name() + " yet; run apply first, which trusts and pins it.");
            }
            endpoint = Logins.checked(session, node);
            String keyProblem = LoginNames.hostKeyProblem(node.hostKey());
            if (keyProblem != null) {
                throw new UserError("Refusing to use node " + node.name() + ": the host key pinned in state " + keyProblem);
            }
            if (endpoint.via() != null) {
                bastionKey = dev.spotplay.exec.HostKeys.pinnedBastionKey(session.state(), endpoint.via());
                if (bastionKey == null) {
                    throw new UserError("No host key is pinned for the bastion " + endpoint.via().jumpSpec()
                            + " (ssh.proxy_jump) yet; run apply first, which trusts and pins it.");
                }
                String bastionProblem = LoginNames.hostKeyProblem(bastionKey);
                if (bastionProblem != null) {
                    throw new UserError("Refusing to use the bastion " + endpoint.via().jumpSpec() + ": the host key pinned in state "
                            + bastionProblem);
                }
            }
        }
        // ssh verifies the node against the key pinned in state, never against ~/.ssh/known_hosts.
        Path knownHosts = Files.createTempFile("spotplay-known-hosts", "",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Path jumpConfig = null;
        try {
            Files.writeString(knownHosts, OpenSshArgs.ALIAS + " " + node.hostKey() + "\n"
                    + (bastionKey == null ? "" : OpenSshArgs.BASTION_ALIAS + " " + bastionKey + "\n"));
            if (endpoint.via() != null) {
                jumpConfig = Files.createTempFile("spotplay-ssh-config", "",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(jumpConfig, OpenSshArgs.jumpConfig(endpoint.via(), knownHosts));
            }
            List<String> cmd = OpenSshArgs.argv(endpoint, knownHosts, jumpConfig, given.command());
            try {
                return new ProcessBuilder(cmd).inheritIO().start().waitFor();
            } catch (IOException e) {
                throw new UserError("Could not start OpenSSH's ssh client (" + e.getMessage() + "); install openssh-client.", e);
            }
        } finally {
            Files.deleteIfExists(knownHosts);
            if (jumpConfig != null) {
                Files.deleteIfExists(jumpConfig);
            }
        }
    }

    /** The first running node of {@code ssh.to}'s group, else of the first frontend-like group, else of the first group. */
    static String defaultNode(dev.spotplay.playbook.Playbook pb, List<NodeRecord> nodes) {
        List<String> groups = pb.groups().stream().map(dev.spotplay.playbook.Group::name).toList();
        String group = pb.ssh().to() != null ? pb.ssh().to()
                : dev.spotplay.playbook.SshConfig.FRONTENDS.stream().filter(groups::contains).findFirst()
                        .orElse(groups.isEmpty() ? null : groups.get(0));
        return nodes.stream().filter(n -> n.group().equals(group) && n.status() == dev.spotplay.state.NodeStatus.RUNNING)
                .map(NodeRecord::name).min(dev.spotplay.provider.NodeName.ORDER)
                .orElseThrow(() -> new UserError("Group \"" + group + "\" has no running node to go to"
                        + (pb.ssh().to() != null ? " (ssh.to)" : "") + "; name one: spotplay ssh NODE ('spotplay status' lists them)."));
    }
}
