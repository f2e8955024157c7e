package dev.spotplay.inventory;

import dev.spotplay.diag.Diagnostics;
import dev.spotplay.diag.SourceRange;
import dev.spotplay.transport.LoginNames;
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
    static final List<String> USER_VARS = List.of("ansible_user", "ansible_ssh_user");
    static final List<String> HOST_VARS = List.of("ansible_host", "ansible_ssh_host");
    /**
     * Host and group names: what Ansible takes as one host or group in every inventory format and
     * in a host pattern, and what spotplay can use as a node's name. IPv6 literals are hosts too.
     */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,252}");

    private final List<Path> sources = new ArrayList<>();
    private final Diagnostics diags;
    private final Map<String, GroupDraft> groups = new LinkedHashMap<>();
    private final Map<String, HostDraft> hosts = new LinkedHashMap<>();
    /** Names already reported, so a bad name listed in several places is one diagnostic. */
    private final Set<String> badNames = new java.util.HashSet<>();

    private static final class GroupDraft {
        final String name;
        final Set<String> hosts = new LinkedHashSet<>();
        final Map<String, SourceRange> children = new LinkedHashMap<>();
        final Map<String, Object> vars = new LinkedHashMap<>();
        final Map<String, SourceRange> origins = new LinkedHashMap<>();
        int priority = 1;
        SourceRange declared;
        SourceRange varsAt;

        GroupDraft(String name) {
            this.name = name;
        }
    }

    private static final class HostDraft {
        final Map<String, Object> vars = new LinkedHashMap<>();
        final Map<String, SourceRange> origins = new LinkedHashMap<>();
        final SourceRange at;

        HostDraft(SourceRange at) {
            this.at = at;
        }
    }

    InventoryBuilder(Diagnostics diags) {
        this.diags = diags;
        draft(Inventory.ALL).declared = SourceRange.NONE;
        draft(Inventory.UNGROUPED).declared = SourceRange.NONE;
    }

    private GroupDraft draft(String name) {
        return groups.computeIfAbsent(name, GroupDraft::new);
    }

    /** A group is declared (a section, a YAML key, a child reference). */
    void group(String name, SourceRange at) {
        if (!NAME.matcher(name).matches()) {
            if (!badNames.add(name)) {
                return;
            }
            diags.error(at, "Invalid group name", "Group " + LoginNames.show(name) + ": a group name is letters, digits, "
                    + "underscores, dots and hyphens, starting with a letter, digit or underscore (e.g. web or db_servers).");
        }
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

    /** An inventory source read into this builder; its group_vars and host_vars are read beside it. */
    void source(Path source) {
        sources.add(source);
    }

    boolean isDeclared(String group) {
        GroupDraft g = groups.get(group);
        return g != null && g.declared != null;
    }

    /**
     * A group's variable, set as Ansible's Group.set_variable does: {@code ansible_group_priority}
     * is the group's priority, not a variable; a mapping set over a mapping is merged into it.
     */
    void groupVar(String group, String key, Object value, SourceRange at) {
        GroupDraft g = draft(group);
        if (key.equals("ansible_group_priority")) {
            Integer p = priority(value);
            if (p == null) {
                diags.error(at, "Invalid group priority", "ansible_group_priority is a whole number (Ansible reads it with int()), not "
                        + LoginNames.show(String.valueOf(value)) + ".");
            } else {
                g.priority = p;
            }
            return;
        }
        set(g.vars, g.origins, key, value, at);
    }

    @SuppressWarnings("unchecked")
    static void set(Map<String, Object> vars, Map<String, SourceRange> origins, String key, Object value, SourceRange at) {
        if (vars.get(key) instanceof Map<?, ?> old && value instanceof Map<?, ?> add) {
            Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) old);
            merged.putAll((Map<String, Object>) add);
            value = merged;
        }
        vars.put(key, value);
        origins.put(key, at);
    }

    private static Integer priority(Object value) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return value == null ? null : Integer.valueOf(value.toString().strip());
        } catch (NumberFormatException e) {
            return null;
        }
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

    /**
     * A host listed under a group (null: before any group, so ungrouped for now), with its own
     * vars (each with where it is written) and the port of its pattern ({@code host:2222}, or
     * null), which Ansible gives a host only where it first appears.
     */
    /** A name Ansible reads as one host: letters, digits, underscores, dots and hyphens, not starting with a hyphen; or an IPv6 address. */
    static boolean isHostName(String name) {
        return NAME.matcher(name).matches() || LoginNames.isIpv6(name);
    }

    void host(String group, String name, Map<String, Object> vars, Map<String, SourceRange> origins, Integer port, SourceRange at) {
        if (!isHostName(name)) {
            if (badNames.add(name)) {
                diags.error(at, "Invalid host name", "Host " + LoginNames.show(name) + ": a host in an inventory is a name of "
                        + "letters, digits, underscores, dots and hyphens, starting with a letter, digit or underscore, or an IP "
                        + "address; anything else (a space, \"=\", a quote) would be read differently by Ansible. Name the host "
                        + "simply and give its address as ansible_host.");
            }
            return;
        }
        HostDraft h = hosts.get(name);
        if (h == null) {
            h = new HostDraft(at);
            hosts.put(name, h);
            if (port != null) {
                h.vars.put("ansible_port", port.longValue());
                h.origins.put("ansible_port", at);
            }
        }
        for (Map.Entry<String, Object> v : vars.entrySet()) {
            set(h.vars, h.origins, v.getKey(), v.getValue(), origins.getOrDefault(v.getKey(), at));
        }
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
        if (Templates.isTemplate(value)) {
            return true; // checked once resolved
        }
        if (PORT_VARS.contains(key) && (value == null || HostPatterns.parsePort(value.toString()) == null)) {
            diags.error(valueAt, "Invalid port", key + " must be a port number 1..65535, not "
                    + (value == null ? "empty" : LoginNames.show(value.toString())) + ".");
            return false;
        }
        String problem = value == null ? null
                : USER_VARS.contains(key) ? LoginNames.userProblem(value.toString())
                : HOST_VARS.contains(key) ? LoginNames.hostProblem(LoginNames.unbracketed(value.toString()))
                : null;
        if (problem != null) {
            diags.error(valueAt, USER_VARS.contains(key) ? "Invalid user name" : "Invalid host", key + ": " + problem);
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
        checkCycles();
        Set<String> grouped = new LinkedHashSet<>();
        groups.values().stream().filter(g -> !g.name.equals(Inventory.ALL) && !g.name.equals(Inventory.UNGROUPED))
                .forEach(g -> grouped.addAll(g.hosts));
        // As Ansible's reconcile_inventory: ungrouped holds exactly the hosts of no other group.
        draft(Inventory.UNGROUPED).hosts.removeIf(grouped::contains);
        for (String h : hosts.keySet()) {
            if (!grouped.contains(h)) {
                draft(Inventory.UNGROUPED).hosts.add(h);
            }
        }
        GroupDraft all = draft(Inventory.ALL);
        List<String> inAll = List.copyOf(all.hosts);
        all.hosts.addAll(hosts.keySet());
        Map<String, Inventory.Group> outGroups = new LinkedHashMap<>();
        for (GroupDraft g : groups.values()) {
            if (g.declared == null) {
                continue;
            }
            outGroups.put(g.name, new Inventory.Group(g.name, List.copyOf(g.hosts), List.copyOf(g.children.keySet()),
                    java.util.Collections.unmodifiableMap(new LinkedHashMap<>(g.vars)), Map.copyOf(g.origins), g.priority, g.declared));
        }
        Map<String, Inventory.Host> outHosts = new LinkedHashMap<>();
        hosts.forEach((name, h) -> outHosts.put(name, new Inventory.Host(name, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(h.vars)),
                Map.copyOf(h.origins), h.at)));
        return new Inventory(List.copyOf(sources), outGroups, outHosts, inAll);
    }

    List<String> declaredNames() {
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
