package dev.spotplay.cli;

import dev.spotplay.diag.DidYouMean;
import dev.spotplay.diag.UserError;
import dev.spotplay.exec.HostKeys;
import dev.spotplay.exec.Logins;
import dev.spotplay.exec.Session;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.transport.Endpoint;
import java.io.PrintWriter;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spotplay forget-host-key}: drops the host key pinned for a node or a bastion, as
 * {@code ssh-keygen -R} does for known_hosts, so that a machine the user knows was rebuilt
 * is trusted again on the next contact (and its new key pinned then). Only state changes.
 */
@Command(name = "forget-host-key", mixinStandardHelpOptions = true,
        description = {"Forget the host key pinned for a node or a bastion (like ssh-keygen -R), after you rebuilt it.",
            "The next apply --recheck (which contacts every node) trusts the key it is offered first and pins it;",
            "exec, ssh and cp refuse the node until then.",
            "Check the fingerprint apply then prints against the machine's console before you rely on it."},
        footer = {"", "Examples: spotplay forget-host-key fleet.yml web1", "          spotplay forget-host-key fleet.yml bastion     (the bastion of ssh.proxy_jump or the inventory)"})
final class ForgetHostKeyCommand implements Callable<Integer> {
    /** The word that names the cluster's bastion(s) rather than a node. */
    static final String BASTION = "bastion";

    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "[PLAYBOOK] NODE|bastion...",
            description = "The playbook (default: cluster.yml), then the nodes whose keys to forget, or 'bastion' for the bastion(s) they go through.")
    List<String> words = new ArrayList<>();

    @Option(names = "--yes", description = "Do it without asking.")
    boolean yes;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean first = TargetArgs.isPlaybook(words.get(0));
        Path playbook = Path.of(first ? words.get(0) : "cluster.yml");
        List<String> names = first ? words.subList(1, words.size()) : words;
        if (names.isEmpty()) {
            throw new UserError("Name the nodes whose host keys to forget, or 'bastion': spotplay forget-host-key "
                    + playbook + " NODE|bastion...");
        }
        Terminal.requireConfirmable(yes, "forget-host-key");
        try (Session session = Session.open(playbook, common.session(false), true, "forget-host-key")) {
            List<NodeRecord> nodes = session.state().nodes();
            // What to forget, as state key (a node name, or a bastion's state key) -> what to call it.
            Map<String, String> forget = new LinkedHashMap<>();
            Map<String, String> pinned = new LinkedHashMap<>();
            for (String name : names) {
                if (name.equals(BASTION)) {
                    addBastions(session, nodes, forget, pinned);
                    continue;
                }
                NodeRecord node = nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow(() -> new UserError(
                        "No node \"" + name + "\" in cluster \"" + session.playbook().name() + "\"."
                                + DidYouMean.hint(name, nodes.stream().map(NodeRecord::name).toList())
                                + " 'spotplay status' lists the nodes; 'bastion' names the bastion."));
                forget.put(name, "node " + name);
                pinned.put(name, node.hostKey());
            }
            List<String> lines = new ArrayList<>();
            forget.forEach((key, what) -> lines.add("  " + what + ": " + (pinned.get(key) == null ? "no key pinned"
                    : HostKeys.fingerprint(pinned.get(key)))));
            out.println("Will forget the pinned host key of:");
            lines.forEach(out::println);
            if (!Terminal.confirm(yes, "forget-host-key", "\nForget these keys? The next apply trusts whatever key it is offered first.", out)) {
                out.println("Nothing forgotten.");
                return 1;
            }
            for (String key : forget.keySet()) {
                if (key.startsWith("bastion_host_key:")) {
                    session.state().remove(key);
                } else {
                    session.state().node(key).ifPresent(r -> session.state().saveNode(r.withHostKey(null)));
                }
            }
            out.println("Forgotten. Run spotplay apply --recheck: it contacts every node and pins the key each of these offers.");
            return 0;
        }
    }

    /** Every distinct bastion the cluster's nodes go through (ssh.proxy_jump, or a static host's own). */
    private static void addBastions(Session session, List<NodeRecord> nodes, Map<String, String> forget, Map<String, String> pinned) {
        int before = forget.size();
        for (NodeRecord n : nodes) {
            Endpoint via = Logins.endpoint(session, n).via();
            if (via != null) {
                String key = HostKeys.bastionKey(via.host(), via.port());
                forget.put(key, "bastion " + via.jumpSpec());
                pinned.put(key, HostKeys.pinnedBastionKey(session.state(), via));
            }
        }
        if (forget.size() == before) {
            throw new UserError("No node of cluster \"" + session.playbook().name() + "\" goes through a bastion (ssh.proxy_jump).");
        }
    }
}
