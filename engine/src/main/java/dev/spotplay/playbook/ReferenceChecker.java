package dev.spotplay.playbook;

import dev.spotplay.diag.Diagnostics;
import dev.spotplay.diag.DidYouMean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that every name used resolves: groups in {@code after}, step and storage {@code groups},
 * and the names templates use; and that {@code after} has no cycle. A plain depth-first search
 * is enough here (the planner owns the real graph).
 */
final class ReferenceChecker {
    static final List<String> NODE_FACTS = List.of("name", "group", "index", "private_ip", "address");

    private final Source source;
    private final Diagnostics diags;
    private final List<String> groupNames;
    private final boolean nodeVariables;
    /** The references only the nodes' own variables can resolve, when the provider's nodes have them. */
    final List<NodeReference> deferred = new ArrayList<>();

    ReferenceChecker(Source source, Diagnostics diags, List<String> groupNames) {
        this(source, diags, groupNames, false);
    }

    /** {@code nodeVariables}: the provider's nodes carry variables ({@link ProviderLanguage#nodeVariables()}). */
    ReferenceChecker(Source source, Diagnostics diags, List<String> groupNames, boolean nodeVariables) {
        this.source = source;
        this.diags = diags;
        this.groupNames = groupNames;
        this.nodeVariables = nodeVariables;
    }

    void groups(List<GroupParser.Mention> mentions, boolean allowAll) {
        for (GroupParser.Mention r : mentions) {
            if (groupNames.contains(r.name()) || (allowAll && r.name().equals("all"))) {
                continue;
            }
            List<String> known = new ArrayList<>(groupNames);
            if (allowAll) {
                known.add("all");
            }
            diags.error(source.at(r.node()), "Unknown group",
                    r.owner() + " names group \"" + r.name() + "\", which is not defined." + DidYouMean.hint(r.name(), known)
                            + " Groups: " + String.join(", ", known) + ".");
        }
    }

    /** Self references and cycles in {@code after}; each cycle is reported once, in full. */
    void after(List<Group> groups, List<GroupParser.Mention> mentions) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (Group g : groups) {
            edges.put(g.name(), new ArrayList<>());
        }
        for (GroupParser.Mention r : mentions) {
            if (r.name().equals(r.owner())) {
                diags.error(source.at(r.node()), "Group after itself",
                        "Group \"" + r.owner() + "\" cannot wait for itself; remove \"" + r.name() + "\" from its \"after\".");
            } else if (edges.containsKey(r.name()) && edges.containsKey(r.owner())) {
                edges.get(r.owner()).add(r.name());
            }
        }
        Map<String, Integer> color = new HashMap<>(); // absent: unvisited, 1: on the path, 2: done
        Map<String, Group> byName = new HashMap<>();
        groups.forEach(g -> byName.put(g.name(), g));
        for (String start : edges.keySet()) {
            visit(start, edges, color, new ArrayList<>(), byName);
        }
    }

    private void visit(String g, Map<String, List<String>> edges, Map<String, Integer> color, List<String> path, Map<String, Group> byName) {
        Integer c = color.get(g);
        if (c != null && c == 2) {
            return;
        }
        if (c != null && c == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(g), path.size()));
            cycle.add(g);
            diags.error(byName.get(g).at(), "Cycle in \"after\"", "Cycle in \"after\": " + String.join(" -> ", cycle)
                    + ". Groups wait for each other in a circle, so none could start; remove one of these \"after\" entries.");
            return;
        }
        color.put(g, 1);
        path.add(g);
        for (String next : edges.get(g)) {
            visit(next, edges, color, path, byName);
        }
        path.remove(path.size() - 1);
        color.put(g, 2);
    }

    /**
     * Every template names a var, a node fact, or a group's node list; with a provider whose
     * nodes carry variables, a name the playbook does not define (or a group it does not
     * declare) is left to the provider ({@link #deferred}).
     */
    void templates(List<StepParser.TemplateUse> uses, Map<String, Object> vars) {
        for (StepParser.TemplateUse use : uses) {
            try {
                for (Templates.Reference ref : Templates.requiredReferences(use.text())) {
                    if (nodeVariables && forTheNodes(ref, vars)) {
                        deferred.add(new NodeReference(ref, use.groups(), use.at().apply(ref.offset())));
                        continue;
                    }
                    String problem = problem(ref, vars);
                    if (problem != null) {
                        diags.error(use.at().apply(ref.offset()), "Undefined name in template", problem);
                    }
                }
            } catch (TemplateException e) {
                diags.error(use.at().apply(0), "Invalid template", e.getMessage() + ".");
            }
        }
    }

    /** Whether only the nodes' variables can say: a name that is no var nor {@code node}, or a group the playbook lacks. */
    private boolean forTheNodes(Templates.Reference ref, Map<String, Object> vars) {
        List<String> seg = ref.segments();
        return switch (seg.get(0)) {
            case "node" -> false;
            case "groups" -> seg.size() >= 2 && !groupNames.contains(seg.get(1)) && !seg.get(1).equals("all");
            default -> !vars.containsKey(seg.get(0));
        };
    }

    private String problem(Templates.Reference ref, Map<String, Object> vars) {
        List<String> seg = ref.segments();
        String shown = "\"{{ " + ref.path() + " }}\"";
        switch (seg.get(0)) {
            case "node" -> {
                if (seg.size() != 2 || !NODE_FACTS.contains(seg.get(1))) {
                    String given = seg.size() > 1 ? seg.get(1) : "";
                    return shown + " is not a node fact." + DidYouMean.hint(given, NODE_FACTS)
                            + " Node facts: node." + String.join(", node.", NODE_FACTS) + ".";
                }
                return null;
            }
            case "groups" -> {
                List<String> known = new ArrayList<>(groupNames);
                known.add("all");
                if (seg.size() != 2 || !known.contains(seg.get(1))) {
                    String given = seg.size() > 1 ? seg.get(1) : "";
                    return shown + " does not name a group." + DidYouMean.hint(given, known)
                            + " Use groups.<group> with one of: " + String.join(", ", known) + ".";
                }
                return null;
            }
            default -> {
                Object value = vars;
                for (int i = 0; i < seg.size(); i++) {
                    if (!(value instanceof Map<?, ?> map) || !map.containsKey(seg.get(i))) {
                        Set<String> known = i == 0 ? withFacts(vars.keySet()) : keys(value);
                        return shown + ": \"" + String.join(".", seg.subList(0, i + 1)) + "\" is not defined."
                                + DidYouMean.hint(seg.get(i), known) + " Define it under \"vars:\", or use a node fact (node.name, ...) "
                                + "or groups.<group>.";
                    }
                    value = map.get(seg.get(i));
                }
                return null;
            }
        }
    }

    private static Set<String> withFacts(Set<String> vars) {
        Set<String> out = new java.util.LinkedHashSet<>(vars);
        out.add("node");
        out.add("groups");
        return out;
    }

    private static Set<String> keys(Object value) {
        Set<String> out = new java.util.LinkedHashSet<>();
        if (value instanceof Map<?, ?> m) {
            m.keySet().forEach(k -> out.add(String.valueOf(k)));
        }
        return out;
    }
}
