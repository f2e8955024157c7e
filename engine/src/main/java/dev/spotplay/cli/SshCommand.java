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
            "Uses the cluster's key and trusts only the host key pinned in state (run apply first)."},
        footer = {"", "Examples: spotplay ssh demo.yml worker001", "          spotplay ssh worker001 -- df -h"})
final class SshCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "[PLAYBOOK] NODE [-- COMMAND...]", description = "The node, and optionally a command after --.")
    List<String> words;

    @Override
    public Integer call() throws IOException, InterruptedException {
        TargetArgs args = TargetArgs.parse(spec.commandLine(), words, "NODE [-- COMMAND...]");
        NodeRecord node;
        Endpoint endpoint;
        try (Session session = Session.open(args.playbook(), common.session(false), false, "ssh")) {
            List<NodeRecord> nodes = session.reconcile().nodes();
            node = nodes.stream().filter(n -> n.name().equals(args.target())).findFirst().orElseThrow(() -> new UserError(
                    "No node \"" + args.target() + "\" in cluster \"" + session.playbook().name() + "\"."
                            + DidYouMean.hint(args.target(), nodes.stream().map(NodeRecord::name).toList())
                            + " 'spotplay status' lists the nodes."));
            if (node.hostKey() == null) {
                throw new UserError("No host key is pinned for " + node.name() + " yet; run apply first, which trusts and pins it.");
            }
            endpoint = Logins.checked(session, node);
            String keyProblem = LoginNames.hostKeyProblem(node.hostKey());
            if (keyProblem != null) {
                throw new UserError("Refusing to use node " + node.name() + ": the host key pinned in state " + keyProblem);
            }
        }
        // ssh verifies the node against the key pinned in state, never against ~/.ssh/known_hosts.
        Path knownHosts = Files.createTempFile("spotplay-known-hosts", "",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(knownHosts, OpenSshArgs.ALIAS + " " + node.hostKey() + "\n");
            List<String> cmd = OpenSshArgs.argv(endpoint, knownHosts, args.command());
            try {
                return new ProcessBuilder(cmd).inheritIO().start().waitFor();
            } catch (IOException e) {
                throw new UserError("Could not start OpenSSH's ssh client (" + e.getMessage() + "); install openssh-client.", e);
            }
        } finally {
            Files.deleteIfExists(knownHosts);
        }
    }
}
