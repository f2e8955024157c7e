package dev.spotplay.modules.testing;

import dev.spotplay.module.ScriptBatch;
import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepModule;
import dev.spotplay.module.StepResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A fake node (a temp folder reached through {@link LocalShellConnection}) plus the playbook
 * folder, and a one-call way to run a module there the way the engine would.
 */
public final class Node {
    public final Path home;
    public final Path playbookDir;
    public final RecordingConnection conn;
    public StepContext.TemplateRenderer renderer = (text, origin) -> text;
    public Duration timeout = Duration.ofSeconds(20);
    /** The fragment {@link #runScripted} last ran. */
    public dev.spotplay.module.StepScript lastScript;

    public Node(Path home, Path playbookDir) {
        this(home, playbookDir, Map.of());
    }

    public Node(Path home, Path playbookDir, Map<String, String> env) {
        this.home = home;
        this.playbookDir = playbookDir;
        this.conn = new RecordingConnection(new LocalShellConnection(home, env));
    }

    /** Runs {@code module} with {@code args}; {@code main} goes under the main key. Resets the call record first. */
    public StepResult run(StepModule module, Object main, Map<String, Object> options) throws Exception {
        Map<String, Object> args = new HashMap<>(options);
        args.put(dev.spotplay.playbook.Step.MAIN_ARG, main);
        conn.reset();
        return module.run(new StepContext(conn, args, playbookDir, renderer, timeout));
    }

    /**
     * Runs the module's batched form (its {@code script}, alone in a {@link ScriptBatch}) with the
     * same arguments; null if the module gives no script for them.
     */
    public StepResult runScripted(StepModule module, Object main, Map<String, Object> options) throws Exception {
        Map<String, Object> args = new HashMap<>(options);
        args.put(dev.spotplay.playbook.Step.MAIN_ARG, main);
        conn.reset();
        StepContext ctx = new StepContext(conn, args, playbookDir, renderer, timeout);
        var script = module.script(ctx);
        if (script.isEmpty()) {
            return null;
        }
        lastScript = script.get();
        ScriptBatch.Outcome o = ScriptBatch.run(conn, java.util.List.of(new ScriptBatch.Entry(script.get(), timeout)));
        return o.results().isEmpty() ? StepResult.failed(o.stopped(), "") : o.results().get(0);
    }

    public StepResult run(StepModule module, Object main) throws Exception {
        return run(module, main, Map.of());
    }

    /** An absolute path inside the node's folder. */
    public String path(String relative) {
        return home.resolve(relative).toString();
    }
}
