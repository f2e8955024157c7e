package dev.spotplay.cli;

import dev.spotplay.exec.Session;
import dev.spotplay.module.ModuleCatalog;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.PlaybookLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a playbook without touching state, nodes or the cloud.",
            "Checks keys, types, names, references, cycles in 'after', every {{ variable }}",
            "(template files' too), the local files it names (keys, copy and template sources),",
            "settings that contradict each other and, with the static provider, the inventory",
            "and its groups;",
            "prints every error with FILE:LINE:COLUMN."})
final class ValidateCommand implements Callable<Integer> {
    @Mixin PlaybookOptions common;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PlaybookLoader.Loaded loaded = PlaybookLoader.load(common.playbook, ModuleCatalog.load());
        var out = spec.commandLine().getOut();
        loaded.warnings().forEach(w -> out.print(w.render()));
        Playbook pb = loaded.playbook();
        Session.factory(pb.provider().type()).validate(pb);
        int nodes = pb.groups().stream().mapToInt(g -> g.count().orElse(0)).sum();
        String size = pb.groups().stream().anyMatch(g -> g.count().isEmpty())
                ? "hosts from the " + pb.provider().type() + " provider" : nodes + (nodes == 1 ? " node" : " nodes");
        out.printf("%s is valid: cluster \"%s\", provider %s, %d %s (%s), %d %s.%n", common.playbook, pb.name(),
                pb.provider().type(), pb.groups().size(), pb.groups().size() == 1 ? "group" : "groups", size,
                pb.steps().size(), pb.steps().size() == 1 ? "step" : "steps");
        return 0;
    }
}
