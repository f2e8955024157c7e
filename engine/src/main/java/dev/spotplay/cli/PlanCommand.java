package dev.spotplay.cli;

import dev.spotplay.exec.Session;
import dev.spotplay.plan.JsonPlanRenderer;
import dev.spotplay.plan.PlanFile;
import dev.spotplay.plan.Plan;
import dev.spotplay.plan.TextPlanRenderer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show what apply would change.",
            "Lists nodes to launch, terminate or replace, and steps to run, each with its reason.",
            "Never changes anything: not the cloud, not the nodes, not the state."})
final class PlanCommand implements Callable<Integer> {
    @Mixin PlaybookOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print the plan as one JSON object.")
    boolean json;

    @Option(names = "--detailed-exitcode", description = "Exit 0 when there are no changes, 2 when there are, 1 on error.")
    boolean detailedExitcode;

    @Option(names = "--replace", paramLabel = "NODE",
            description = "Replace this node (-/+) even if nothing about it changed, e.g. a sick one; repeatable.")
    java.util.List<String> replace = new java.util.ArrayList<>();

    @Option(names = "--adopt", description = "Take over machines of this cluster that another state launched (a lost or copied state).")
    boolean adopt;

    @Option(names = "--recheck", description = "Plan to run every step's check again on every node (drift).")
    boolean recheck;

    @Option(names = "--max-hourly", paramLabel = "USD", description = "Fail if the cluster would cost more than this per hour.")
    Double maxHourly;

    @Option(names = "--out", paramLabel = "PLANFILE",
            description = "Save the plan (mode 0600): apply PLANFILE carries out exactly it, or refuses if anything it was made from changed.")
    Path outFile;

    @Override
    public Integer call() {
        try (Session session = Session.open(common.playbook, common.session(recheck, replace, adopt), false, "plan")) {
            Session.Planned planned = session.plan();
            Plan plan = planned.plan();
            var out = spec.commandLine().getOut();
            out.print(json ? new JsonPlanRenderer().render(plan) : new TextPlanRenderer(Terminal.colour()).render(plan));
            out.flush();
            Costs.check(plan, maxHourly);
            if (outFile != null) {
                PlanFile.write(outFile, planned.saved());
                // beside --json the plan's JSON stays alone on stdout
                var note = json ? spec.commandLine().getErr() : out;
                note.println("\nSaved the plan to " + outFile + ". To carry out exactly this plan: spotplay apply " + outFile);
                note.flush();
            }
            return detailedExitcode && plan.hasChanges() ? 2 : 0;
        }
    }
}
