package dev.spotplay.inventory;

import dev.spotplay.diag.Diagnostics;
import dev.spotplay.diag.SourceRange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Collects what a parser reads (groups, hosts, children, vars) and checks the whole at the end:
 * a child group that is its own ancestor, vars for a group never declared. The parsers report
 * mistakes in what they read; this class reports mistakes in how the pieces fit.
 */
final class InventoryBuilder {
    static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** The variables that say where and how to log in; their values are checked where written. */
    static final List<String> PORT_VARS = List.of("ansible_port", "ansible_ssh_port");

    private final Path file;
    private final Diagnostics diags;
    private final Map<String, GroupDraft> groups = new LinkedHashMap<>();
    private final Map<String, HostDraft> hosts = new LinkedHashMap<>();

    private static final class GroupDraft {
        final String name;
        final Set<String> hosts = new LinkedHashSet<>();
        final Map<String, SourceRange> children = new LinkedHashMap<>();
        final Map<String, Object> vars = new LinkedHashMap<>();
        SourceRange declared;
        SourceRange varsAt;

        GroupDraft(String name) {
            this.name = name;
        }
    }

    private static final class HostDraft {
        final Map<String, Object> vars = new LinkedHashMap<>();
        final SourceRange at;

        HostDraft(SourceRange at) {
            this.at = at;
        }
    }

    InventoryBuilder(Path file, Diagnostics diags) {
        this.file = file;
        this.diags = diags;
        draft(Inventory.ALL).declared = SourceRange.NONE;
        draft(Inventory.UNGROUPED).declared = SourceRange.NONE;
    }

    private GroupDraft draft(String name) {
        return groups.computeIfAbsent(name, GroupDraft::new);
    }

    /** A group is declared (a section, a YAML key, a child reference). */
    void group(String name, SourceRange at) {
        GroupDraft g = draft(name);
        if (g.declared == null) {
            g.declared = at;
        }
    }

    /** Vars are given for a group; the group must be declared somewhere else too. */
    void groupVarsSection(String name, SourceRange at) {
        GroupDraft g = draft(name);
        if (g.varsAt == null) {
            g.varsAt = at;
        }
    }

    void groupVar(String group, String key, Object value) {
        draft(group).vars.put(key, value);
    }

    /**
     * {@code child} is listed under {@code parent}. Naming a group as a child does not declare it
     * (Ansible refuses an INI {@code [parent:children]} line no {@code [child]} section defines);
     * the YAML parser declares the child itself, since there the child's key is its definition.
     */
    void child(String parent, String child, SourceRange at) {
        group(parent, at);
        draft(child);
        draft(parent).children.putIfAbsent(child, at);
    }

    /** A host listed under a group (null: before any group, so ungrouped for now), with its own vars. */
    void host(String group, String name, Map<String, Object> vars, SourceRange at) {
        HostDraft h = hosts.computeIfAbsent(name, n -> new HostDraft(at));
        h.vars.putAll(vars);
        if (group != null) {
            draft(group).hosts.add(name);
        }
    }

    /** Checks a variable's name and, for the port variables, its value; returns false (with a diagnostic) if wrong. */
    boolean checkVar(String key, Object value, SourceRange keyAt, SourceRange valueAt) {
        if (!VAR_NAME.matcher(key).matches()) {
            diags.error(keyAt, "Invalid variable name", "\"" + key + "\" is not a variable name: use letters, digits and "
                    + "underscores, starting with a letter or underscore.");
            return false;
        }
        if (PORT_VARS.contains(key) && (value == null || HostPatterns.parsePort(value.toString()) == null)) {
            diags.error(valueAt, "Invalid port", key + " must be a port number 1..65535, not "
                    + (value == null ? "empty" : "\"" + value + "\"") + ".");
            return false;
        }
        return true;
    }

    Inventory build() {
        for (GroupDraft g : groups.values()) {
            boolean isChild = groups.values().stream().anyMatch(p -> p.children.containsKey(g.name));
            if (g.declared == null && g.varsAt != null && !isChild) { // a child: reported once below, as Ansible does
                diags.error(g.varsAt, "Vars for an undeclared group", "[" + g.name + ":vars] gives vars to a group that has no "
                        + "hosts or children anywhere in the inventory. Declare [" + g.name + "] or fix the name."
                        + dev.spotplay.diag.DidYouMean.hint(g.name, declaredNames()));
            }
        }
        for (GroupDraft g : groups.values()) {
            for (Map.Entry<String, SourceRange> c : g.children.entrySet()) {
                if (draft(c.getKey()).declared == null) {
                    diags.error(c.getValue(), "Undefined child group", "[" + g.name + ":children] includes group \"" + c.getKey()
                            + "\", which no section defines (Ansible refuses this too). Add a [" + c.getKey() + "] section with its hosts, "
                            + "or a [" + c.getKey() + ":children] section, or fix the name." + dev.spotplay.diag.DidYouMean.hint(c.getKey(), declaredNames()));
                }
            }
        }
        checkCycles();
        Set<String> grouped = new LinkedHashSet<>();
        groups.values().stream().filter(g -> !g.name.equals(Inventory.ALL) && !g.name.equals(Inventory.UNGROUPED))
                .forEach(g -> grouped.addAll(g.hosts));
        for (String h : hosts.keySet()) {
            if (!grouped.contains(h)) {
                draft(Inventory.UNGROUPED).hosts.add(h);
            }
        }
        GroupDraft all = draft(Inventory.ALL);
        all.hosts.addAll(hosts.keySet());
        Map<String, Inventory.Group> outGroups = new LinkedHashMap<>();
        for (GroupDraft g : groups.values()) {
            if (g.declared == null) {
                continue;
            }
            outGroups.put(g.name, new Inventory.Group(g.name, List.copyOf(g.hosts), List.copyOf(g.children.keySet()),
                    java.util.Collections.unmodifiableMap(new LinkedHashMap<>(g.vars)), g.declared));
        }
        Map<String, Inventory.Host> outHosts = new LinkedHashMap<>();
        hosts.forEach((name, h) -> outHosts.put(name, new Inventory.Host(name, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(h.vars)), h.at)));
        return new Inventory(file, outGroups, outHosts);
    }

    private List<String> declaredNames() {
        return groups.values().stream().filter(g -> g.declared != null).map(g -> g.name).toList();
    }

    /** A group among its own descendants would make "the hosts of a group" endless. */
    private void checkCycles() {
        Set<String> done = new LinkedHashSet<>();
        for (String start : groups.keySet()) {
            List<String> path = new ArrayList<>();
            visit(start, path, done);
        }
    }

    private void visit(String group, List<String> path, Set<String> done) {
        if (done.contains(group)) {
            return;
        }
        int at = path.indexOf(group);
        if (at >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
            cycle.add(group);
            String last = path.get(path.size() - 1);
            diags.error(draft(last).children.get(group), "Cycle in children",
                    "Group \"" + group + "\" is among its own children: " + String.join(" -> ", cycle) + ". Remove one of these links.");
            return;
        }
        path.add(group);
        for (String child : List.copyOf(draft(group).children.keySet())) {
            visit(child, path, done);
        }
        path.remove(path.size() - 1);
        done.add(group);
    }
}
