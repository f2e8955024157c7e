import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepModule;
import dev.spotplay.module.StepScript;
import dev.spotplay.modules.CopyModule;
import dev.spotplay.modules.FileModule;
import dev.spotplay.modules.LineModule;
import dev.spotplay.modules.ShellModule;
import dev.spotplay.modules.TemplateModule;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes the scripts bench/batch-cost.sh sends: the batch ScriptBatch on the classpath assembles
 * for 50 no-op steps ({@code shell: true}) and for bench/run.sh's 10 steps, from the modules' own
 * fragments. ScriptBatch.assemble is package-private and its signature changed over time (a list
 * of StepScripts, later of Entries with a timeout), so it is called by reflection.
 *
 * <p>Usage: {@code java -cp 'dist/target/lib/*' bench/BatchScripts.java OUT BASE FILES}
 * (OUT: where noop50.sh and bench10.sh go; BASE: the node's work folder for bench10; FILES: a
 * folder holding blob.bin and app.conf.tmpl).
 */
public class BatchScripts {
    public static void main(String[] a) throws Exception {
        Path out = Path.of(a[0]);
        String base = a[1];
        Path files = Path.of(a[2]);
        List<StepScript> noop = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            noop.add(fragment(new ShellModule(), files, "true", Map.of()));
        }
        Files.writeString(out.resolve("noop50.sh"), assemble(noop));
        List<StepScript> bench = new ArrayList<>();
        bench.add(fragment(new FileModule(), files, Map.of("path", base, "state", "directory"), Map.of()));
        for (int i = 1; i <= 5; i++) {
            bench.add(fragment(new ShellModule(), files, "mkdir -p " + base + "/s" + i + " && echo " + i + " > " + base + "/s" + i + "/done",
                    Map.of("creates", base + "/s" + i + "/done")));
        }
        bench.add(fragment(new CopyModule(), files, Map.of("src", "blob.bin", "dest", base + "/blob.bin"), Map.of()));
        bench.add(fragment(new TemplateModule(), files, Map.of("src", "app.conf.tmpl", "dest", base + "/app.conf"), Map.of()));
        bench.add(fragment(new LineModule(), files, Map.of("path", base + "/settings.conf", "line", "max_connections=100"), Map.of()));
        bench.add(fragment(new ShellModule(), files, "date +%s > " + base + "/last-run", Map.of()));
        Files.writeString(out.resolve("bench10.sh"), assemble(bench));
    }

    /** The module's fragment for a step with this main key value and these options, as the engine would ask for it. */
    static StepScript fragment(StepModule module, Path files, Object main, Map<String, Object> options) throws Exception {
        Map<String, Object> args = new java.util.HashMap<>(options);
        args.put(dev.spotplay.playbook.Step.MAIN_ARG, main);
        StepContext ctx = new StepContext(null, args, files, (text, origin) -> text, Duration.ofSeconds(30));
        return module.script(ctx).orElseThrow(() -> new IllegalStateException("no fragment for " + module + ": " + main));
    }

    static String assemble(List<StepScript> scripts) throws Exception {
        Class<?> batch = Class.forName("dev.spotplay.module.ScriptBatch");
        Method assemble = Arrays.stream(batch.getDeclaredMethods()).filter(m -> m.getName().equals("assemble")).findFirst().orElseThrow();
        assemble.setAccessible(true);
        // What the list holds, as this revision's assemble declares it (an older class compiled
        // alone sits beside today's Entry in the jar, so the class's existence says nothing).
        Class<?> held = (Class<?>) ((java.lang.reflect.ParameterizedType) assemble.getGenericParameterTypes()[0]).getActualTypeArguments()[0];
        Class<?> entry = held == StepScript.class ? null : held;
        List<Object> list = new ArrayList<>();
        for (StepScript s : scripts) {
            list.add(entry == null ? s : entry.getConstructor(StepScript.class, Duration.class).newInstance(s, Duration.ofSeconds(30)));
        }
        return (String) assemble.invoke(null, list, "0123456789abcdef", "${TMPDIR:-/tmp}/spotplay-batch.bench$$");
    }
}
