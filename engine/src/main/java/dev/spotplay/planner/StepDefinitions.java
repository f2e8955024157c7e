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
import java.util.HexFormat;
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
 */
public final class StepDefinitions {
    private final Playbook playbook;
    private final ModuleCatalog modules;
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
        StepModule module = modules.find(step.module())
                .orElseThrow(() -> new UserError("No step module named \"" + step.module() + "\" is installed."));
        StepContext.TemplateRenderer templates = (text, origin) -> {
            try {
                return Templates.render(text, scope);
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
        String runAs = hostBecome(scope).over(step.become()).runAs();
        // Only a step that becomes says so, so that the hashes of all others stay as they were.
        String canonical = step.module() + "\n" + canonical(args) + "\n" + (fingerprint == null ? "" : fingerprint)
                + (runAs == null ? "" : "\nbecome " + runAs);
        return new Resolved(step, module, args, sha256(canonical), templates, runAs);
    }

    /** The node's own become; the node is the one the scope is for ({@code node.name}). */
    private Become hostBecome(Map<String, Object> scope) {
        Object node = scope.get("node") instanceof Map<?, ?> m ? m.get("name") : null;
        Become b = node == null ? null : hostBecome.apply(node.toString());
        return b == null ? Become.NONE : b;
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
