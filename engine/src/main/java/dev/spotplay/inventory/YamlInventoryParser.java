package dev.spotplay.inventory;

import dev.spotplay.diag.Diagnostics;
import dev.spotplay.diag.DidYouMean;
import dev.spotplay.diag.SourceRange;
import dev.spotplay.transport.LoginNames;
import dev.spotplay.playbook.Nodes;
import dev.spotplay.playbook.Source;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Ansible's YAML inventory: top-level keys are groups (usually just {@code all}); a group is a
 * mapping of {@code hosts} (host pattern → vars or nothing), {@code vars} and {@code children}
 * (group name → group, or nothing).
 */
final class YamlInventoryParser {
    static final List<String> GROUP_KEYS = List.of("hosts", "vars", "children");

    private final Source source;
    private final Diagnostics diags;
    private final InventoryBuilder builder;
    private final YamlValues values;

    YamlInventoryParser(Source source, Diagnostics diags, InventoryBuilder builder, YamlValues values) {
        this.source = source;
        this.diags = diags;
        this.builder = builder;
        this.values = values;
    }

    void parse(MappingNode root) {
        for (NodeTuple t : root.getValue()) {
            if (name(t).equals("plugin")) {
                diags.error(source.at(t.getKeyNode()), "Unsupported: inventory plugin", "This file configures the inventory plugin "
                        + LoginNames.show(String.valueOf(Nodes.toJava(t.getValueNode()))) + " (a \"plugin:\" key), which spotplay does "
                        + "not run: only INI, YAML and JSON inventories and executable inventory scripts are read. List the hosts "
                        + "in a file, or write a script that prints them (--list).");
                return;
            }
        }
        for (NodeTuple t : root.getValue()) {
            group(name(t), t.getValueNode(), t.getKeyNode());
        }
        for (YamlValues.Unsupported u : values.unsupported()) {
            diags.error(source.at(u.node()), "Unsupported: " + u.tag(), YamlValues.unsupportedTagHint(u.tag()).orElseThrow());
        }
    }

    private void group(String name, Node value, Node keyNode) {
        builder.group(name, source.at(keyNode));
        if (Nodes.isNull(value)) {
            return;
        }
        if (!(value instanceof MappingNode map)) {
            diags.error(source.at(value), "Expected a mapping", "Group \"" + name + "\" is a mapping of hosts, vars and children, not a "
                    + Nodes.kind(value) + ".");
            return;
        }
        for (NodeTuple t : map.getValue()) {
            String key = name(t);
            Node v = t.getValueNode();
            switch (key) {
                case "hosts" -> hosts(name, v);
                case "vars" -> {
                    Map<String, SourceRange> at = new LinkedHashMap<>();
                    vars("group \"" + name + "\"", v, at).forEach((k, val) -> builder.groupVar(name, k, val, at.get(k)));
                }
                case "children" -> children(name, v);
                default -> diags.error(source.at(t.getKeyNode()), "Unsupported key", // Ansible skips it with a warning

                        "A group has only " + String.join(", ", GROUP_KEYS) + "; \"" + key + "\" is not one of them."
                                + DidYouMean.hint(key, GROUP_KEYS)
                                + (key.startsWith("ansible_") ? " Host variables go under the host, group variables under \"vars\"." : ""));
            }
        }
    }

    private void hosts(String group, Node value) {
        if (Nodes.isNull(value)) {
            return;
        }
        if (!(value instanceof MappingNode map)) {
            diags.error(source.at(value), "Expected a mapping", "\"hosts\" of group \"" + group + "\" maps each host to its vars "
                    + "(or nothing), e.g.\n  hosts:\n    web01:\n    web02: { ansible_port: 2222 }\nnot a " + Nodes.kind(value) + ".");
            return;
        }
        for (NodeTuple t : map.getValue()) {
            String pattern = name(t);
            Map<String, SourceRange> at = new LinkedHashMap<>();
            Map<String, Object> vars = vars("host \"" + pattern + "\"", t.getValueNode(), at);
            HostPatterns.Expanded expanded;
            try {
                expanded = HostPatterns.parse(pattern);
            } catch (HostPatterns.BadPattern e) {
                diags.error(source.at(t.getKeyNode()), "Invalid host pattern", e.getMessage() + ".");
                continue;
            }
            for (String host : expanded.names()) {
                builder.host(group, host, vars, at, expanded.port(), source.at(t.getKeyNode()));
            }
        }
    }

    private void children(String group, Node value) {
        if (Nodes.isNull(value)) {
            return;
        }
        if (!(value instanceof MappingNode map)) {
            diags.error(source.at(value), "Expected a mapping", "\"children\" of group \"" + group + "\" maps each child group's "
                    + "name to its hosts, vars and children (or nothing), not a " + Nodes.kind(value) + ".");
            return;
        }
        for (NodeTuple t : map.getValue()) {
            String child = name(t);
            builder.child(group, child, source.at(t.getKeyNode()));
            group(child, t.getValueNode(), t.getKeyNode());
        }
    }

    /** A vars mapping (or nothing), each name and port value checked where it is written. */
    private Map<String, Object> vars(String owner, Node value, Map<String, SourceRange> at) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (Nodes.isNull(value)) {
            return out;
        }
        if (!(value instanceof MappingNode map)) {
            diags.error(source.at(value), "Expected a mapping", "The vars of " + owner + " are a mapping of name: value, not a "
                    + Nodes.kind(value) + ".");
            return out;
        }
        for (NodeTuple t : map.getValue()) {
            String key = name(t);
            Object v = values.toJava(t.getValueNode());
            if (builder.checkVar(key, v, source.at(t.getKeyNode()), source.at(t.getValueNode()))) {
                out.put(key, v);
                at.put(key, source.at(t.getKeyNode()));
            }
        }
        return out;
    }

    private static String name(NodeTuple t) {
        return ((ScalarNode) t.getKeyNode()).getValue();
    }
}
