package dev.spotplay.inventory;

import dev.spotplay.diag.Diagnostics;
import dev.spotplay.diag.UserError;
import dev.spotplay.playbook.LazyVars;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An inventory's variables as the templates of its hosts see them: a host's own variables with
 * Ansible's precedence and their templates evaluated ({@link Inventory#value}), and the magic
 * variables {@code inventory_hostname}, {@code inventory_hostname_short}, {@code group_names};
 * beside them, one {@code hostvars} (every host's view) and one {@code groups} (every inventory
 * group, in Ansible's order) shared by all hosts, so that 2,000 hosts cost 2,000 small views,
 * not 2,000 copies of everything.
 *
 * <p>A value is evaluated when a template first reads it, never before: a group_vars variable
 * whose template needs facts spotplay does not have does no harm until a step names it. The
 * inventory's caches are not thread-safe and the walker renders on several threads, so every
 * read goes through one lock.
 */
public final class TemplateVars {
    /** The variables Ansible gives every host beside its own. */
    public static final List<String> MAGIC = List.of("inventory_hostname", "inventory_hostname_short", "group_names");

    private final Inventory inventory;
    private final Map<String, Object> hostvars;
    private final Map<String, Object> groups;

    public TemplateVars(Inventory inventory) {
        this.inventory = inventory;
        Map<String, Object> views = new LinkedHashMap<>();
        inventory.hosts().forEach(h -> views.put(h.name(), new HostView(h.name())));
        this.hostvars = Collections.unmodifiableMap(views);
        Map<String, Object> byGroup = new LinkedHashMap<>();
        for (String g : inventory.groupNames()) {
            byGroup.put(g, inventory.groupHosts(g));
        }
        this.groups = Collections.unmodifiableMap(byGroup);
    }

    /**
     * What the templates of {@code node} see: its host's variables, and {@code hostvars} and
     * {@code groups} shared by all (just those two for a name the inventory lacks).
     */
    public Map<String, Object> of(String node) {
        Map<String, Object> own = hostvars.get(node) instanceof HostView v ? v : Map.of();
        return new NodeView(own);
    }

    /** Every host's variables by host name, in the order first written. */
    public Map<String, Object> hostvars() {
        return hostvars;
    }

    /** Every group's hosts ({@link Inventory#groupHosts}), {@code all} and {@code ungrouped} included. */
    public Map<String, Object> groups() {
        return groups;
    }

    /** One host's own variables, evaluated when read. */
    private final class HostView extends LazyVars {
        private final String host;
        /** Variables whose template failed: the failure, told again on every read. */
        private final Map<String, String> failed = new HashMap<>();

        HostView(String host) {
            this.host = host;
        }

        @Override
        public boolean containsKey(Object key) {
            synchronized (inventory) {
                return MAGIC.contains(key) || key instanceof String k && inventory.has(host, k);
            }
        }

        @Override
        public Object get(Object key) {
            if (!(key instanceof String name) || !containsKey(name)) {
                return null;
            }
            synchronized (inventory) {
                String failure = failed.get(name);
                if (failure == null) {
                    Diagnostics diags = new Diagnostics();
                    Object value = inventory.value(host, name, diags);
                    if (!diags.hasErrors()) {
                        return value;
                    }
                    failure = diags.render();
                    failed.put(name, failure);
                }
                throw new UserError("The inventory's variable " + name + " of host \"" + host + "\" cannot be evaluated:\n" + failure);
            }
        }

        @Override
        public Set<String> keySet() {
            Set<String> keys = new LinkedHashSet<>(MAGIC);
            synchronized (inventory) {
                keys.addAll(inventory.varsOf(host).keySet());
            }
            return keys;
        }

    }

    /** What one node's templates see: its host's view, and the shared {@code hostvars} and {@code groups} over it. */
    private final class NodeView extends LazyVars {
        private final Map<String, Object> own;

        NodeView(Map<String, Object> own) {
            this.own = own;
        }

        @Override
        public boolean containsKey(Object key) {
            return "hostvars".equals(key) || "groups".equals(key) || own.containsKey(key);
        }

        @Override
        public Object get(Object key) {
            return "hostvars".equals(key) ? hostvars : "groups".equals(key) ? groups : own.get(key);
        }

        @Override
        public Set<String> keySet() {
            Set<String> keys = new LinkedHashSet<>(List.of("hostvars", "groups"));
            keys.addAll(own.keySet());
            return keys;
        }

    }
}
