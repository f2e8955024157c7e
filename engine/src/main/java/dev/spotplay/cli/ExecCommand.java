package dev.spotplay.cli;

import dev.spotplay.diag.UserError;
import dev.spotplay.exec.AdHoc;
import dev.spotplay.exec.Session;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "exec", mixinStandardHelpOptions = true,
        description = {"Run an ad hoc command on every node of a group (or all), like `ansible -m shell`.",
            "Nodes run it in parallel; each node's output is printed under its name. Nothing is recorded.",
            "Exits 1 if the command failed (or could not run) on any node."},
        footer = {"", "Example: spotplay exec demo.yml worker -- uptime"})
final class ExecCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "[PLAYBOOK] GROUP|all -- COMMAND", description = "The group (or all), then -- and the command.")
    List<String> words;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "64", description = "At most N nodes at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
            description = "Kill the command after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        TargetArgs args = TargetArgs.parse(spec.commandLine(), words, "GROUP|all -- COMMAND");
        if (args.command().isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Give the command after --, e.g. spotplay exec worker -- uptime");
        }
        var out = spec.commandLine().getOut();
        try (Session session = Session.open(args.playbook(), common.session(false), false, "exec")) {
            String group = args.target();
            if (!group.equals("all") && session.playbook().group(group).isEmpty()) {
                throw new UserError("No group \"" + group + "\" in " + args.playbook() + "."
                        + dev.spotplay.diag.DidYouMean.hint(group, session.playbook().groups().stream().map(g -> g.name()).toList())
                        + " Use a group name or all.");
            }
            List<NodeRecord> nodes = new ArrayList<>();
            for (NodeRecord n : session.reconcile().nodes()) {
                if ((group.equals("all") || n.group().equals(group)) && n.status() == NodeStatus.RUNNING) {
                    nodes.add(n);
                }
            }
            if (nodes.isEmpty()) {
                throw new UserError("No running nodes in " + (group.equals("all") ? "the cluster" : "group \"" + group + "\"") + ". Run apply first.");
            }
            List<AdHoc.Result> results = new AdHoc(session, Connectors.BOTH, parallel).run(nodes, args.commandLine(), timeout, r -> {
                String head = r.node() + " | " + (r.error() != null ? "UNREACHABLE" : r.output().ok() ? "OK" : "FAILED")
                        + (r.output() != null ? " | rc=" + r.output().exitCode() : "") + " >>";
                out.println(head);
                if (r.error() != null) {
                    out.println(r.error());
                } else {
                    out.print(r.output().stdout());
                    out.print(r.output().stderr());
                    if (!(r.output().stdout() + r.output().stderr()).endsWith("\n") && !(r.output().stdout() + r.output().stderr()).isEmpty()) {
                        out.println();
                    }
                }
                out.flush();
            });
            long failed = results.stream().filter(r -> !r.ok()).count();
            if (failed > 0) {
                spec.commandLine().getErr().println("Failed on " + failed + " of " + results.size() + " nodes.");
                return 1;
            }
            return 0;
        }
    }
}
