package dev.spotplay.inventory;

import dev.spotplay.diag.Diagnostics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One host's variables with their templates evaluated, each once, when first asked for: as in
 * Ansible, a variable's template sees the host's other variables (evaluated in turn) and
 * {@code inventory_hostname}, {@code inventory_hostname_short} and {@code group_names}; a variable
 * nobody asks for is never evaluated, so a template over facts or play vars in group_vars does
 * no harm until spotplay needs its value.
 */
final class Resolver {
    private final Inventory inventory;
    private final String host;
    private final Diagnostics diags;
    private final Set<String> visiting = new LinkedHashSet<>();
    /** The variable whose own template failed, for the error's position. */
    private String culprit;

    private Resolver(Inventory inventory, String host, Diagnostics diags) {
        this.inventory = inventory;
        this.host = host;
        this.diags = diags;
    }

    static Resolver of(Inventory inventory, String host, Diagnostics diags) {
        return new Resolver(inventory, host, diags);
    }

    /** The value, templates evaluated; empty if the host has no such variable or its template fails (reported). */
    Optional<Object> value(String name) {
        culprit = null;
        try {
            return lookup(name).map(v -> v == NULL ? null : v);
        } catch (Templates.TemplateError | Nested e) {
            String at = culprit != null ? culprit : name;
            String message = e instanceof Nested n ? n.error.getMessage() : e.getMessage();
            if (inventory.firstReport(inventory.origin(host, at) + "\0" + message) ) {
                diags.error(Logins.masked(inventory.origin(host, at)), "Cannot evaluate template", at + " of host \"" + host + "\""
                        + (at.equals(name) ? "" : " (needed by " + name + ")") + ": " + message + ".");
            }
            return Optional.empty();
        } finally {
            visiting.clear();
        }
    }

    private Optional<Object> lookup(String name) throws Templates.TemplateError {
        switch (name) {
            case "inventory_hostname" -> { return Optional.of(host); }
            case "inventory_hostname_short" -> { return Optional.of(host.split("\\.", 2)[0]); }
            case "group_names" -> {
                List<Object> out = new ArrayList<>(inventory.groupsOf(host));
                out.remove(Inventory.ALL); // ungrouped stays: Ansible's group_names lists it
                return Optional.of(out);
            }
            default -> { }
        }
        Map<String, Object> cache = inventory.renderedCache(host);
        if (cache.containsKey(name)) {
            return Optional.ofNullable(cache.get(name)).or(() -> Optional.of(NULL));
        }
        Map<String, Object> vars = inventory.varsOf(host);
        if (!vars.containsKey(name)) {
            return Optional.empty();
        }
        if (!visiting.add(name)) {
            throw new Templates.TemplateError("recursive loop: " + String.join(" -> ", visiting) + " -> " + name);
        }
        Object v;
        try {
            v = render(vars.get(name));
        } catch (Templates.TemplateError e) {
            if (culprit == null) {
                culprit = name;
            }
            throw e;
        }
        visiting.remove(name);
        cache.put(name, v);
        return Optional.ofNullable(v).or(() -> Optional.of(NULL));
    }

    /** A null that is set, told apart from "no such variable"; unwrapped where a value is used. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    private Object render(Object v) throws Templates.TemplateError {
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(render(o));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), render(e.getValue()));
            return out;
        }
        return Templates.render(v, n -> {
            try {
                return lookup(n);
            } catch (Templates.TemplateError e) {
                throw new Nested(e);
            }
        });
    }

    /** Carries a nested variable's template error out through the lookup function. */
    static final class Nested extends RuntimeException {
        final Templates.TemplateError error;

        Nested(Templates.TemplateError error) {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }
    }
}
