package dev.spotplay.planner;

import dev.spotplay.playbook.LazyVars;
import dev.spotplay.playbook.Playbook;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What a template may know about the node it is rendered for. {@code privateIp} and
 * {@code address} are null before the node exists.
 */
public record NodeFacts(String name, String group, int index, String privateIp, String address) {

    /**
     * What every node's scope shares in one plan or apply, made once for all of them: the
     * playbook's {@code vars} and the {@code groups} mapping (the same list objects in every
     * node's scope, which is also what lets {@link StepDefinitions#hash} compare them cheaply).
     */
    public record Shared(Map<String, Object> vars, Map<String, Object> groups) {

        /** {@code groups.<group>}: the group's node names as given (sorted); {@code groups.all}: every node. */
        public static Shared of(Playbook playbook, Map<String, List<String>> members) {
            Map<String, Object> groups = new LinkedHashMap<>();
            List<String> all = new ArrayList<>();
            for (var g : playbook.groups()) {
                List<String> names = members.getOrDefault(g.name(), List.of());
                groups.put(g.name(), names);
                all.addAll(names);
            }
            groups.put("all", Collections.unmodifiableList(all));
            return new Shared(playbook.vars(), Collections.unmodifiableMap(groups));
        }
    }

    /**
     * The variables a template sees on this node: the playbook's {@code vars}, {@code node.*}
     * and {@code groups.<group>} (node names, sorted; {@code groups.all} for every node).
     */
    public Map<String, Object> scope(Playbook playbook, Map<String, List<String>> members) {
        return scope(Shared.of(playbook, members), Map.of());
    }

    /** As {@link #scope(Shared, Map)}, with the shared part made for this node alone. */
    public Map<String, Object> scope(Playbook playbook, Map<String, List<String>> members, Map<String, Object> own) {
        return scope(Shared.of(playbook, members), own);
    }

    /** {@link #scope(Playbook, Map)} over what was made once for every node. */
    public Map<String, Object> scope(Shared shared) {
        return scope(shared, Map.of());
    }

    /**
     * The scope over what was made once for every node, and over the node's own variables
     * ({@code provider.NodeVars}: a static host's inventory variables, {@code hostvars},
     * {@code inventory_hostname}), which the playbook's vars and {@code node} win over, as play
     * vars win over inventory vars in Ansible. Their {@code groups} (the inventory's, in
     * Ansible's order) win over spotplay's lists of the same name. {@code own} is read through,
     * never copied: its values are worked out only when a template names them.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> scope(Shared shared, Map<String, Object> own) {
        Map<String, Object> scope = new LinkedHashMap<>(shared.vars());
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", name);
        node.put("group", group);
        node.put("index", index);
        node.put("private_ip", privateIp == null ? "" : privateIp);
        node.put("address", address == null ? "" : address);
        scope.put("node", node);
        if (own.get("groups") instanceof Map<?, ?> theirs) {
            Map<String, Object> groups = new LinkedHashMap<>(shared.groups());
            groups.putAll((Map<String, Object>) theirs);
            scope.put("groups", groups);
        } else {
            scope.put("groups", shared.groups());
        }
        return own.isEmpty() ? scope : new Beneath(scope, own);
    }

    /** {@code top}, and beneath it {@code below}: a key of both is top's; nothing is copied. */
    private static final class Beneath extends LazyVars {
        private final Map<String, Object> top;
        private final Map<String, Object> below;

        Beneath(Map<String, Object> top, Map<String, Object> below) {
            this.top = top;
            this.below = below;
        }

        @Override
        public boolean containsKey(Object key) {
            return top.containsKey(key) || below.containsKey(key);
        }

        @Override
        public Object get(Object key) {
            return top.containsKey(key) ? top.get(key) : below.get(key);
        }

        @Override
        public java.util.Set<String> keySet() {
            java.util.Set<String> keys = new LinkedHashSet<>(top.keySet());
            keys.addAll(below.keySet());
            return keys;
        }

    }
}
