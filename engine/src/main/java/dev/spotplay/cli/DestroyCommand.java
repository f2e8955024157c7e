package dev.spotplay.cli;

import dev.spotplay.exec.Destroyer;
import dev.spotplay.exec.Progress;
import dev.spotplay.exec.Session;
import dev.spotplay.plan.Plan;
import dev.spotplay.plan.TextPlanRenderer;
import dev.spotplay.state.Holder;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = {"Terminate every node and remove what spotplay created.",
            "Shared storage that holds data (EFS) survives unless --include-storage is given.",
            "The state file stays, with the cluster's history."})
final class DestroyCommand implements Callable<Integer> {
    @Mixin PlaybookOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--yes", description = "Destroy without asking.")
    boolean yes;

    @Option(names = "--adopt", description = "Also terminate machines of this cluster that another state launched (normally left alone).")
    boolean adopt;

    @Option(names = "--target", paramLabel = "NODE|GROUP",
            description = "Terminate only these nodes, or every node of these groups; repeatable. The rest stays, shared resources too.")
    java.util.List<String> targets = new java.util.ArrayList<>();

    @Option(names = "--include-storage", description = "Also delete shared storage (EFS) and the data on it.")
    boolean includeStorage;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Terminal.requireConfirmable(yes, "destroy");
        try (Interrupts.Guard interrupts = Interrupts.guard("run destroy again to finish");
             Session session = interrupts.watch(Session.open(common.playbook, common.session(false, java.util.List.of(), adopt), true, "destroy"))) {
            Destroyer destroyer = new Destroyer(session, new Progress(new PrintStream(new WriterOutputStream(out), true), Terminal.interactive()));
            if (includeStorage && !targets.isEmpty()) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--include-storage removes the cluster's storage, which --target keeps: give one or the other");
            }
            Plan plan = targets.isEmpty() ? destroyer.plan(includeStorage) : destroyer.plan(java.util.Set.copyOf(targets));
            if (plan.hasChanges()) {
                out.print(new TextPlanRenderer(Terminal.colour()).render(plan));
                out.flush();
                String what = targets.isEmpty() ? "cluster \"" + session.playbook().name() + "\""
                        : String.join(", ", targets) + " of cluster \"" + session.playbook().name() + "\"";
                if (!Terminal.confirm(yes, "destroy", "\nDestroy " + what + "?", out)) {
                    out.println("Destroy cancelled; nothing was changed.");
                    return 1;
                }
            } else {
                out.println("Cluster \"" + session.playbook().name() + "\" has no nodes.");
            }
            String id = session.state().beginApply("destroy", Holder.current("destroy").describe());
            interrupts.onInterrupt(() -> session.state().finishApply(id, "interrupted"));
            try {
                destroyer.destroy(plan, includeStorage, !targets.isEmpty());
            } catch (RuntimeException e) {
                session.state().finishApply(id, "error: " + e.getMessage());
                throw e;
            }
            session.state().finishApply(id, "ok");
            return 0;
        }
    }
}
