package dev.spotplay.cli;

import dev.spotplay.diag.UserError;
import dev.spotplay.module.ModuleCatalog;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.PlaybookLoader;
import dev.spotplay.state.Holder;
import dev.spotplay.state.StateBackends;
import dev.spotplay.state.StateLocation;
import dev.spotplay.state.StateMove;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spotplay state push|pull}: moves a cluster's state between backends. */
@Command(name = "state", mixinStandardHelpOptions = true,
        description = {"Move a cluster's state between backends: an H2 file and PostgreSQL (team state).",
            "Both places are locked while it moves. The source is left marked as moved, and refused from then on, naming where the state went.",
            "A target that holds a cluster of the same name with another lineage is refused, with nothing changed."},
        subcommands = {StateCommand.Push.class, StateCommand.Pull.class})
final class StateCommand implements Runnable {
    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose push or pull.");
    }

    @Command(name = "push", mixinStandardHelpOptions = true,
            description = {"Copy the cluster's state (--state, or the file beside the playbook) to --to, e.g. postgresql://HOST:PORT/DB."})
    static final class Push implements Callable<Integer> {
        @Mixin PlaybookOptions common;
        @Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--to", required = true, paramLabel = "STATE", description = "Where the state goes: postgresql://HOST:PORT/DB, or a file path.")
        String to;

        @Override
        public Integer call() {
            Playbook pb = load(common);
            StateLocation from = here(common, pb);
            return report(spec, StateMove.move(from, StateBackends.locate(to, pb.name()), pb.name(), Holder.current("state push"),
                    common.lockTimeout));
        }
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = {"Copy the cluster's state from --from (e.g. postgresql://HOST:PORT/DB) to --to PATH (default: --state, or the file beside the playbook)."})
    static final class Pull implements Callable<Integer> {
        @Mixin PlaybookOptions common;
        @Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--from", required = true, paramLabel = "STATE", description = "Where the state is now: postgresql://HOST:PORT/DB, or a file path.")
        String from;

        @Option(names = "--to", paramLabel = "PATH", description = "Where it goes (default: --state, or .spotplay/<name>.mv.db beside the playbook).")
        String to;

        @Override
        public Integer call() {
            Playbook pb = load(common);
            StateLocation target = to != null ? StateBackends.locate(to, pb.name()) : here(common, pb);
            return report(spec, StateMove.move(StateBackends.locate(from, pb.name()), target, pb.name(), Holder.current("state pull"),
                    common.lockTimeout));
        }
    }

    private static Playbook load(PlaybookOptions common) {
        return PlaybookLoader.load(common.playbook, ModuleCatalog.load()).playbook();
    }

    /** The playbook's own state: --state, else the default beside it. */
    private static StateLocation here(PlaybookOptions common, Playbook pb) {
        if (common.state != null && common.state.isBlank()) {
            throw new UserError("--state is empty; give a state file's path or a postgresql:// URL (or leave it out for the default).");
        }
        return StateBackends.forPlaybook(common.state, pb.state(), pb.directory(), pb.name());
    }

    private static int report(CommandLine.Model.CommandSpec spec, StateMove.Result r) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Moved the state (%d %s, %d step %s, serial %d) from %s to %s.%n", r.nodes(), r.nodes() == 1 ? "node" : "nodes",
                r.runs(), r.runs() == 1 ? "run" : "runs", r.serial(), r.from(), r.to());
        out.printf("From now on, run spotplay with --state %s; the old state is kept as a record only.%n", r.to());
        out.flush();
        return 0;
    }
}
