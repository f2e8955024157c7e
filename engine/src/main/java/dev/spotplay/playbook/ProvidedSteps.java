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
        List<Step> numbered = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Step st = all.get(i);
            numbered.add(new Step(st.name(), i, st.groups(), st.module(), st.args(), st.timeout(), st.at(), st.always()));
        }
        return List.copyOf(numbered);
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
