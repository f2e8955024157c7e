package dev.spotplay.playbook;

import dev.spotplay.diag.Diagnostics;
import dev.spotplay.module.ModuleCatalog;
import dev.spotplay.module.StepModule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts the steps that mount shared storage before the playbook's own: the storage kind's
 * {@link StorageKind#mountSteps}, one set per storage declaration, run on the groups the storage
 * lists. Each is checked through the module catalog as a step the user wrote is, so it is
 * planned, hashed, resumed and reported like any other.
 */
final class ProvidedSteps {
    private final Diagnostics diags;
    private final ModuleCatalog modules;
    private final Duration timeout;

    ProvidedSteps(Diagnostics diags, ModuleCatalog modules, Duration timeout) {
        this.diags = diags;
        this.modules = modules;
        this.timeout = timeout;
    }

    /**
     * A step per {@code ssh.authorized_keys} entry before the playbook's own, on every node: the
     * key's line in {@code ~/.ssh/authorized_keys}, added if missing (the {@code line} module), so
     * a teammate's key works on nodes someone else launched. Keys are added, never removed.
     */
    List<Step> prependKeys(List<SshParser.AuthorizedKey> keys, List<Step> steps) {
        List<Step> all = new ArrayList<>();
        for (SshParser.AuthorizedKey k : keys) {
            String name = "authorized key " + k.file();
            steps.stream().filter(st -> st.name().equals(name)).findFirst().ifPresent(st -> diags.error(st.at(), "Duplicate step name",
                    "The step name \"" + name + "\" is the step spotplay adds for ssh.authorized_keys; rename the step."));
            if (all.stream().anyMatch(st -> st.name().equals(name))) {
                diags.error(k.at(), "Duplicate key", "\"authorized_keys\" names " + k.file() + " twice.");
                continue;
            }
            if (modules.find("line").isEmpty()) {
                diags.error(k.at(), "Module not installed", "ssh.authorized_keys is installed by the line module, which this build "
                        + "does not have (known modules: " + String.join(", ", modules.names()) + ").");
                return steps;
            }
            Map<String, Object> args = Map.of(Step.MAIN_ARG, Map.of("path", ".ssh/authorized_keys", "line", k.line()));
            all.add(new Step(name, 0, List.of("all"), "line", args, timeout, k.at()));
        }
        all.addAll(steps);
        return renumber(all);
    }

    /**
     * The provider's steps for each group ({@link ProviderLanguage#groupSteps}) before the
     * playbook's own, each run on its group only, checked by its module like a step the user wrote.
     */
    List<Step> prependGroupSteps(List<Group> groups, ProviderLanguage language, SshConfig ssh, List<Step> steps) {
        List<Step> all = new ArrayList<>();
        for (Group g : groups) {
            for (ProvidedStep p : language.groupSteps(g, ssh)) {
                steps.stream().filter(st -> st.name().equals(p.name())).findFirst().ifPresent(st -> diags.error(st.at(),
                        "Duplicate step name", "The step name \"" + p.name() + "\" is the step spotplay adds to group \"" + g.name()
                        + "\" (line " + g.at().line() + "); step names must be unique. Rename the step."));
                StepModule module = modules.find(p.module()).orElse(null);
                if (module == null) {
                    diags.error(g.at(), "Module not installed", "Group \"" + g.name() + "\" needs the step \"" + p.name() + "\" of the "
                            + p.module() + " module, which this build does not have (known modules: " + String.join(", ", modules.names()) + ").");
                    continue;
                }
                for (StepModule.ArgProblem problem : module.validate(p.args())) {
                    diags.error(g.at(), "Invalid provided step", "The step \"" + p.name() + "\": " + problem.message());
                }
                all.add(new Step(p.name(), 0, List.of(g.name()), p.module(), p.args(), timeout, g.at()));
            }
        }
        if (all.isEmpty()) {
            return steps;
        }
        all.addAll(steps);
        return renumber(all);
    }

    private static List<Step> renumber(List<Step> all) {
        List<Step> numbered = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Step st = all.get(i);
            numbered.add(new Step(st.name(), i, st.groups(), st.module(), st.args(), st.timeout(), st.at(), st.always(), st.become()));
        }
        return List.copyOf(numbered);
    }

    /** The storages' mount steps first, then the playbook's own, renumbered in that order. */
    List<Step> prepend(Map<Storage, StorageKind> storage, List<Step> steps) {
        List<Step> all = new ArrayList<>();
        for (Map.Entry<Storage, StorageKind> e : storage.entrySet()) {
            Storage s = e.getKey();
            for (ProvidedStep p : e.getValue().mountSteps().apply(s)) {
                if (check(s, p, steps)) {
                    all.add(new Step(p.name(), 0, List.copyOf(s.groups()), p.module(), p.args(), timeout, s.at()));
                }
            }
        }
        all.addAll(steps);
        return renumber(all);
    }

    private boolean check(Storage s, ProvidedStep p, List<Step> steps) {
        steps.stream().filter(st -> st.name().equals(p.name())).findFirst().ifPresent(st ->
                diags.error(st.at(), "Duplicate step name", "The step name \"" + st.name() + "\" is the step spotplay adds to "
                        + "mount storage \"" + s.name() + "\" (line " + s.at().line() + "); step names must be unique. Rename the step."));
        StepModule module = modules.find(p.module()).orElse(null);
        if (module == null) {
            diags.error(s.at(), "Module not installed", "Storage \"" + s.name() + "\" of type " + s.type() + " is mounted by the "
                    + p.module() + " module, which this build does not have (known modules: " + String.join(", ", modules.names()) + ").");
            return false;
        }
        for (StepModule.ArgProblem problem : module.validate(p.args())) {
            diags.error(s.at(), "Invalid mount step", "The step that mounts storage \"" + s.name() + "\": " + problem.message());
        }
        return true;
    }
}
