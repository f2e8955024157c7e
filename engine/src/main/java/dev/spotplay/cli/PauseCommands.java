package dev.spotplay.cli;

import dev.spotplay.exec.Pause;
import dev.spotplay.exec.Progress;
import dev.spotplay.exec.Session;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spotplay stop} and {@code spotplay start}: pause and resume nodes ({@link Pause}). */
final class PauseCommands {
    private PauseCommands() {}

    /** What both take: {@code [PLAYBOOK] [NODE|GROUP...] [--yes]}. */
    abstract static class Base implements Callable<Integer> {
        @Mixin CommonOptions common;
        @Spec CommandSpec spec;

        @Parameters(arity = "0..*", paramLabel = "[PLAYBOOK] [NODE|GROUP...]",
                description = "The playbook (default: cluster.yml), then the nodes or groups (default: every node).")
        List<String> words = new ArrayList<>();

        @Option(names = "--yes", description = "Do it without asking.")
        boolean yes;

        abstract String verb();

        abstract Set<NodeStatus> from();

        abstract void act(Pause pause, List<NodeRecord> nodes);

        @Override
        public Integer call() {
            var out = spec.commandLine().getOut();
            boolean first = !words.isEmpty() && TargetArgs.isPlaybook(words.get(0));
            Path playbook = Path.of(first ? words.get(0) : "cluster.yml");
            List<String> targets = first ? words.subList(1, words.size()) : words;
            Terminal.requireConfirmable(yes, verb());
            try (Interrupts.Guard interrupts = Interrupts.guard("run " + verb() + " again to finish");
                 Session session = interrupts.watch(Session.open(playbook, common.session(false), true, verb()))) {
                Pause pause = new Pause(session, new Progress(new PrintStream(new WriterOutputStream(out), true), Terminal.interactive()));
                List<NodeRecord> nodes = pause.select(targets, from());
                if (nodes.isEmpty()) {
                    out.println("No node to " + verb() + " (" + String.join(" or ", from().stream().map(NodeStatus::label).sorted().toList())
                            + " ones are what " + verb() + " acts on; 'spotplay status' shows them).");
                    return 0;
                }
                out.println("Will " + verb() + ": " + dev.spotplay.plan.NodeRanges.format(nodes.stream().map(NodeRecord::name).toList()));
                if (!Terminal.confirm(yes, verb(), "\n" + Character.toUpperCase(verb().charAt(0)) + verb().substring(1) + " these nodes of cluster \""
                        + session.playbook().name() + "\"?", out)) {
                    out.println(Character.toUpperCase(verb().charAt(0)) + verb().substring(1) + " cancelled; nothing was changed.");
                    return 1;
                }
                act(pause, nodes);
                return 0;
            }
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = {"Pause nodes: their machines stop (disks, names, state and pinned host keys kept) and stop billing",
                "for compute. Plan shows them stopped, never gone; start resumes them. Local nodes: process and port end,",
                "folder, home and host key stay. On aws: on-demand groups only (EC2 stops spot instances only of persistent requests)."})
    static final class Stop extends Base {
        @Override String verb() { return "stop"; }
        @Override Set<NodeStatus> from() { return Set.of(NodeStatus.RUNNING, NodeStatus.DOWN); }
        @Override void act(Pause pause, List<NodeRecord> nodes) { pause.stop(nodes); }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Resume nodes that stop paused: the same machines, disks and host keys; new addresses are picked up.",
                "Then apply runs only the steps that need it."})
    static final class Start extends Base {
        @Override String verb() { return "start"; }
        @Override Set<NodeStatus> from() { return Set.of(NodeStatus.STOPPED); }
        @Override void act(Pause pause, List<NodeRecord> nodes) { pause.start(nodes); }
    }
}
