package dev.spotplay.planner;

import dev.spotplay.diag.UserError;
import dev.spotplay.module.ModuleCatalog;
import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepModule;
import dev.spotplay.playbook.Become;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.Step;
import dev.spotplay.playbook.Templates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A step as it is on one node: its arguments with templates resolved for that node, whom it runs
 * as there (its {@code become}, under the host's own where the provider has one), and its
 * definition hash (module, resolved arguments, the module's fingerprint of local inputs such as
 * copied files, and the become user if any). The hash decides whether a step that succeeded must
 * run again.
 *
 * <p>{@link #hash} is worked out once per distinct set of values a step's templates read and
 * user it runs as: a step's definition depends on a node only through the values its
 * {@code {{ }}} look up (its arguments and files are the same on every node, and a module's
 * fingerprint reads only local files and the renders it asks for) and through whom it runs as,
 * so two nodes that agree on those share the hash. One instance serves one plan or one apply; it
 * does not notice files edited while it lives.
 */
public final class StepDefinitions {
    private final Playbook playbook;
    private final ModuleCatalog modules;
    /** Per step and user it runs as: for each list of paths its renders looked up, the hash by the values found there. */
    private final Map<Step, Map<String, Map<List<String>, Map<List<Object>, String>>>> hashes = new IdentityHashMap<>();
    /** The lists the planner's nodes share ({@code groups.*}), rendered once. */
    private final Templates.ListTexts lists = new Templates.ListTexts();
    private final Function<String, Become> hostBecome;

    public StepDefinitions(Playbook playbook, ModuleCatalog modules) {
        this(playbook, modules, node -> Become.NONE);
    }

    /** {@code hostBecome}: a node's own become (a static host's {@code ansible_become*}), {@link Become#NONE} where it has none. */
    public StepDefinitions(Playbook playbook, ModuleCatalog modules, Function<String, Become> hostBecome) {
        this.playbook = playbook;
        this.modules = modules;
        this.hostBecome = hostBecome;
    }

    /**
     * A step resolved for one node.
     *
     * @param runAs the user the step runs as through sudo, or null: as the login user
     */
    public record Resolved(Step step, StepModule module, Map<String, Object> args, String hash,
                           StepContext.TemplateRenderer templates, String runAs) {}

    public Resolved resolve(Step step, Map<String, Object> scope) {
        return resolve(step, scope, Templates.Reads.NONE, null);
    }

    /**
     * The step's definition hash on the node whose variables are {@code scope}: that of
     * {@link #resolve}, reused from an earlier node whose scope held the same values at every
     * path the step's templates read. A step that fails to resolve is never remembered.
     */
    public String hash(Step step, Map<String, Object> scope) { // one thread: the planner's
        String runAs = runAs(step, scope);
        Map<List<String>, Map<List<Object>, String>> known = hashes.computeIfAbsent(step, s -> new HashMap<>())
                .computeIfAbsent(runAs == null ? "" : runAs, u -> new LinkedHashMap<>());
        for (var byValues : known.entrySet()) {
            String hash = byValues.getValue().get(valuesAt(byValues.getKey(), scope));
            if (hash != null) {
                return hash;
            }
        }
        List<String> paths = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        String hash = resolve(step, scope, (path, value) -> {
            paths.add(path);
            values.add(value);
        }, lists).hash();
        known.computeIfAbsent(Collections.unmodifiableList(paths), p -> new HashMap<>()).put(Collections.unmodifiableList(values), hash);
        return hash;
    }

    private static List<Object> valuesAt(List<String> paths, Map<String, Object> scope) {
        List<Object> values = new ArrayList<>(paths.size());
        for (String path : paths) {
            values.add(Templates.valueAt(path, scope));
        }
        return values;
    }

    private Resolved resolve(Step step, Map<String, Object> scope, Templates.Reads reads, Templates.ListTexts lists) {
        StepModule module = modules.find(step.module())
                .orElseThrow(() -> new UserError("No step module named \"" + step.module() + "\" is installed."));
        StepContext.TemplateRenderer templates = (text, origin) -> {
            try {
                return Templates.render(text, scope, reads, lists);
            } catch (RuntimeException e) {
                throw new UserError("In " + origin + ": " + e.getMessage(), e);
            }
        };
        @SuppressWarnings("unchecked")
        Map<String, Object> args = (Map<String, Object>) resolveValue(step.args(), templates, "step \"" + step.name() + "\"");
        String fingerprint;
        try {
            fingerprint = module.fingerprint(args, playbook.directory(), templates);
        } catch (IOException e) {
            throw new UserError("Step \"" + step.name() + "\": cannot read its local files: " + e.getMessage(), e);
        }
        String runAs = runAs(step, scope);
        // Only a step that becomes says so, so that the hashes of all others stay as they were.
        String canonical = step.module() + "\n" + canonical(args) + "\n" + (fingerprint == null ? "" : fingerprint)
                + (runAs == null ? "" : "\nbecome " + runAs);
        return new Resolved(step, module, args, sha256(canonical), templates, runAs);
    }

    /** Whom the step runs as on the node the scope is for ({@code node.name}): its become under the host's own. */
    private String runAs(Step step, Map<String, Object> scope) {
        Object node = scope.get("node") instanceof Map<?, ?> m ? m.get("name") : null;
        Become b = node == null ? null : hostBecome.apply(node.toString());
        return (b == null ? Become.NONE : b).over(step.become()).runAs();
    }

    private static Object resolveValue(Object value, StepContext.TemplateRenderer templates, String origin) {
        if (value instanceof String s) {
            return s.contains("{{") ? templates.render(s, origin) : s;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), resolveValue(v, templates, origin)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(resolveValue(v, templates, origin)));
            return out;
        }
        return value;
    }

    /** A stable text form: map keys sorted, strings quoted, so equal definitions hash equally. */
    static String canonical(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            StringBuilder b = new StringBuilder("{");
            sorted.forEach((k, v) -> b.append(quote(k)).append(':').append(canonical(v)).append(','));
            return b.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[");
            list.forEach(v -> b.append(canonical(v)).append(','));
            return b.append(']').toString();
        }
        if (value instanceof String s) {
            return quote(s);
        }
        return value.toString();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
