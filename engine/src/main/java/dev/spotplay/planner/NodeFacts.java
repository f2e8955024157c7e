package dev.spotplay.planner;

import dev.spotplay.playbook.Playbook;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a template may know about the node it is rendered for. {@code privateIp} and
 * {@code address} are null before the node exists.
 */
public record NodeFacts(String name, String group, int index, String privateIp, String address) {

    /**
     * The variables a template sees on this node: the playbook's {@code vars}, {@code node.*}
     * and {@code groups.<group>} (node names, sorted; {@code groups.all} for every node).
     */
    public Map<String, Object> scope(Playbook playbook, Map<String, List<String>> members) {
        Map<String, Object> scope = new LinkedHashMap<>(playbook.vars());
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", name);
        node.put("group", group);
        node.put("index", index);
        node.put("private_ip", privateIp == null ? "" : privateIp);
        node.put("address", address == null ? "" : address);
        scope.put("node", node);
        Map<String, Object> groups = new LinkedHashMap<>();
        List<String> all = new java.util.ArrayList<>();
        for (var g : playbook.groups()) {
            List<String> names = members.getOrDefault(g.name(), List.of());
            groups.put(g.name(), names);
            all.addAll(names);
        }
        groups.put("all", all);
        scope.put("groups", groups);
        return scope;
    }
}
