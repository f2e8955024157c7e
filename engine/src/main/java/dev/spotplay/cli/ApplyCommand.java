package dev.spotplay.cli;

import dev.spotplay.diag.UserError;
import dev.spotplay.exec.ApplyReport;
import dev.spotplay.exec.Progress;
import dev.spotplay.exec.Session;
import dev.spotplay.exec.Walker;
import dev.spotplay.plan.Basis;
import dev.spotplay.plan.PlanFile;
import dev.spotplay.plan.SavedPlan;
import dev.spotplay.plan.TextPlanRenderer;
import dev.spotplay.planner.Staleness;
import dev.spotplay.state.Holder;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Bring the cluster to what the playbook declares.",
            "Launches or terminates nodes, waits until each answers SSH, then runs the setup steps:",
            "each node as soon as it is up, groups in 'after' order.",
            "Shows the plan and asks y/N on a terminal; without one, --yes is required.",
            "Given a PLANFILE (from plan --out), carries out exactly that plan without asking,",
            "or refuses, changing nothing, if the playbook, a file it sends or the state changed since.",
            "Re-running after a failure resumes: steps that succeeded are not run again."})
final class ApplyCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PLAYBOOK|PLANFILE", defaultValue = "cluster.yml",
            description = "The playbook (default: ${DEFAULT-VALUE} in the current folder), or a plan saved by plan --out.")
    Path target;

    @Option(names = "--yes", description = "Apply without asking.")
    boolean yes;

    @Option(names = "--replace", paramLabel = "NODE",
            description = "Replace this node (-/+) even if nothing about it changed, e.g. a sick one; repeatable.")
    java.util.List<String> replace = new java.util.ArrayList<>();

    @Option(names = "--adopt", description = "Take over machines of this cluster that another state launched (a lost or copied state).")
    boolean adopt;

    @Option(names = "--recheck", description = "Run every step's check again on every node, as Ansible would (finds drift).")
    boolean recheck;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "64", description = "Set up at most N nodes at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--max-hourly", paramLabel = "USD", description = "Refuse to apply if the cluster would cost more than this per hour.")
    Double maxHourly;

    @Override
    public Integer call() {
        if (parallel < 1) {
            throw new ParameterException(spec.commandLine(), "--parallel must be at least 1");
        }
        return PlanFile.isPlanFile(target) ? applySaved(target) : applyPlaybook(target);
    }

    /** Plan, show, ask, then carry out that same plan, unless a file it depends on changed while it was shown. */
    private int applyPlaybook(Path playbook) {
        var out = spec.commandLine().getOut();
        Terminal.requireConfirmable(yes, "apply");
        try (Interrupts.Guard interrupts = Interrupts.guard("run apply again to resume");
             Session session = interrupts.watch(Session.open(playbook, common.session(recheck, replace, adopt), true, "apply"))) {
            Session.Planned planned = session.plan();
            out.print(new TextPlanRenderer(Terminal.colour()).render(planned.plan()));
            out.flush();
            session.requireOwnership();
            Costs.check(planned.plan(), maxHourly);
            if (!planned.plan().hasChanges()) {
                session.settle();
                return 0;
            }
            if (!Terminal.confirm(yes, "apply", "\nApply these changes to cluster \"" + session.playbook().name() + "\"?", out)) {
                out.println("Apply cancelled; nothing was changed.");
                return 1;
            }
            List<String> changed = Staleness.files(planned.saved().basis());
            if (!changed.isEmpty()) {
                throw new UserError("Files the plan depends on changed while it was shown, so nothing was changed:\n  - "
                        + String.join("\n  - ", changed) + "\nRun apply again to see the plan they make now.");
            }
            out.println();
            return carryOut(session, planned, interrupts, out);
        }
    }

    /** Carries out a saved plan exactly, after checking that everything it was made from still holds. */
    private int applySaved(Path file) {
        var out = spec.commandLine().getOut();
        if (recheck || adopt || !replace.isEmpty()) {
            throw new ParameterException(spec.commandLine(), (recheck ? "--recheck" : adopt ? "--adopt" : "--replace")
                    + " shapes a plan: give it to \"spotplay plan --out\"; a saved plan is carried out as it was made");
        }
        SavedPlan saved = PlanFile.read(file);
        Basis basis = saved.basis();
        if (common.state != null && !basis.stateLocation().equals(java.util.Optional.of(common.state))) {
            throw new ParameterException(spec.commandLine(), "--state " + common.state + " is not the state the plan " + file
                    + " was made against (" + basis.stateLocation().orElse("the default beside the playbook") + ")");
        }
        List<String> stale = Staleness.files(basis);
        if (!stale.isEmpty()) {
            throw new UserError(Staleness.refusal(file.toString(), stale));
        }
        Session.Options options = new Session.Options(basis.stateLocation().orElse(null), common.lockTimeout, basis.recheck(),
                java.util.Set.copyOf(basis.replace()), basis.adopt());
        try (Interrupts.Guard interrupts = Interrupts.guard("run apply again to resume");
             Session session = interrupts.watch(Session.open(Path.of(basis.playbook()), options, true, "apply"))) {
            stale = Staleness.state(basis, session.state().lineage().map(UUID::toString), session.state().serial());
            Session.Planned planned = stale.isEmpty() ? session.plan() : null;
            if (planned != null) {
                stale = Staleness.changes(saved.plan(), planned.plan());
            }
            if (!stale.isEmpty()) {
                throw new UserError(Staleness.refusal(file.toString(), stale));
            }
            session.requireOwnership();
            out.println("Carrying out the saved plan " + file + " (playbook " + basis.playbook() + ").\n");
            out.print(new TextPlanRenderer(Terminal.colour()).render(planned.plan()));
            out.flush();
            Costs.check(planned.plan(), maxHourly);
            if (!planned.plan().hasChanges()) {
                return 0;
            }
            out.println();
            return carryOut(session, planned, interrupts, out);
        }
    }

    private int carryOut(Session session, Session.Planned planned, Interrupts.Guard interrupts, PrintWriter out) {
        session.recordReconciled();
        String applyId = session.state().beginApply("apply", Holder.current("apply").describe());
        Progress progress = new Progress(new PrintStream(new WriterOutputStream(out), true), Terminal.interactive());
        ApplyReport report;
        interrupts.onInterrupt(() -> session.state().finishApply(applyId, "interrupted"));
        try {
            report = new Walker(session, Connectors.BOTH, progress, parallel).apply(planned.result(), applyId);
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
