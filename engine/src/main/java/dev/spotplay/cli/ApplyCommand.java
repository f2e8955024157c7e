package dev.spotplay.cli;

import dev.spotplay.exec.ApplyReport;
import dev.spotplay.exec.Progress;
import dev.spotplay.exec.Session;
import dev.spotplay.exec.Walker;
import dev.spotplay.planner.Planner;
import dev.spotplay.plan.TextPlanRenderer;
import dev.spotplay.state.Holder;
import dev.spotplay.transport.ssh.SshConnector;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Bring the cluster to what the playbook declares.",
            "Launches or terminates nodes, waits until each answers SSH, then runs the setup steps:",
            "nodes of a group in parallel, groups in 'after' order.",
            "Shows the plan and asks y/N on a terminal; without one, --yes is required.",
            "Re-running after a failure resumes: steps that succeeded are not run again."})
final class ApplyCommand implements Callable<Integer> {
    @Mixin PlaybookOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--yes", description = "Apply without asking.")
    boolean yes;

    @Option(names = "--recheck", description = "Run every step's check again on every node, as Ansible would (finds drift).")
    boolean recheck;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "64", description = "Set up at most N nodes at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--max-hourly", paramLabel = "USD", description = "Refuse to apply if the cluster would cost more than this per hour.")
    Double maxHourly;

    @Override
    public Integer call() {
        if (parallel < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--parallel must be at least 1");
        }
        var out = spec.commandLine().getOut();
        Terminal.requireConfirmable(yes, "apply");
        try (Interrupts.Guard interrupts = Interrupts.guard("run apply again to resume");
             Session session = interrupts.watch(Session.open(common.playbook, common.session(recheck), true, "apply"))) {
            Planner.Result planned = session.plan();
            out.print(new TextPlanRenderer(Terminal.colour()).render(planned.plan()));
            out.flush();
            Costs.check(planned.plan(), maxHourly);
            if (!planned.plan().hasChanges()) {
                return 0;
            }
            if (!Terminal.confirm(yes, "apply", "\nApply these changes to cluster \"" + session.playbook().name() + "\"?", out)) {
                out.println("Apply cancelled; nothing was changed.");
                return 1;
            }
            out.println();
            String applyId = session.state().beginApply("apply", Holder.current("apply").describe());
            Progress progress = new Progress(new PrintStream(new WriterOutputStream(out), true), Terminal.interactive());
            ApplyReport report;
            interrupts.onInterrupt(() -> session.state().finishApply(applyId, "interrupted"));
            try {
                report = new Walker(session, new SshConnector(), progress, parallel).apply(planned, applyId);
            } catch (RuntimeException e) {
                session.state().finishApply(applyId, "error: " + e.getMessage());
                throw e;
            }
            session.state().finishApply(applyId, report.succeeded() ? "ok" : "failed");
            out.print(report.render());
            out.flush();
            return report.succeeded() ? 0 : 1;
        }
    }
}
