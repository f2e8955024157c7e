package dev.spotplay.cli;

import dev.spotplay.exec.Session;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.StepRun;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the cluster's nodes as they are now.", "State is checked against the provider; nothing is changed."})
final class StatusCommand implements Callable<Integer> {
    @Mixin PlaybookOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        try (Session session = Session.open(common.playbook, common.session(false), false, "status")) {
            List<NodeRecord> nodes = session.reconcile().nodes();
            Map<String, Map<String, StepRun>> runs = session.state().latestRuns();
            java.util.Set<String> local = nodes.stream().filter(n -> session.provider().login(n).local()).map(NodeRecord::name)
                    .collect(java.util.stream.Collectors.toSet());
            out.print(json ? StatusRenderer.json(session.playbook().name(), nodes, runs, local, session.provider()::otherGroups)
                    : StatusRenderer.text(session.playbook(), nodes, runs, local, session.provider()::otherGroups));
            out.flush();
            return 0;
        }
    }
}
