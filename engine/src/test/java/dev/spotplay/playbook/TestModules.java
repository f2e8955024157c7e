package dev.spotplay.playbook;

import dev.spotplay.module.ModuleCatalog;
import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepModule;
import dev.spotplay.module.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Test-only modules with the same shape as the real shell and copy, so the validator is tested alone. */
final class TestModules {
    private TestModules() {}

    static ModuleCatalog catalog() {
        return new ModuleCatalog(List.of(new Shell(), new Copy()));
    }

    static final class Shell implements StepModule {
        @Override public String name() { return "shell"; }

        @Override public Set<String> options() { return Set.of("creates", "unless", "chdir", "env"); }

        @Override public List<ArgProblem> validate(Map<String, Object> args) {
            List<ArgProblem> out = new ArrayList<>();
            if (!(args.get(Step.MAIN_ARG) instanceof String)) {
                out.add(new ArgProblem(Step.MAIN_ARG, "shell needs a command as a string, e.g. \"shell: make install\"."));
            }
            if (args.containsKey("env") && !(args.get("env") instanceof Map)) {
                out.add(new ArgProblem("env", "env must be a mapping of variable names to values."));
            }
            return out;
        }

        @Override public StepResult run(StepContext ctx) { throw new UnsupportedOperationException(); }
    }

    static final class Copy implements StepModule {
        @Override public String name() { return "copy"; }

        @Override public Set<String> options() { return Set.of("mode"); }

        @Override public List<ArgProblem> validate(Map<String, Object> args) {
            if (!(args.get(Step.MAIN_ARG) instanceof Map<?, ?> m) || !m.containsKey("src") || !m.containsKey("dest")) {
                return List.of(new ArgProblem(Step.MAIN_ARG, "copy needs a mapping with \"src\" and \"dest\", e.g. {src: ./app, dest: /opt/app}."));
            }
            return List.of();
        }

        @Override public StepResult run(StepContext ctx) { throw new UnsupportedOperationException(); }
    }
}
