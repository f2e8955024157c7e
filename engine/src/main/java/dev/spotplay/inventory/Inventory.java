package dev.spotplay.inventory;

import dev.spotplay.diag.Diagnostics;
import dev.spotplay.diag.SourceRange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An Ansible inventory as read: groups (with their own hosts, child groups, vars and priority),
 * hosts (with their own vars), and the {@code group_vars/} and {@code host_vars/} files beside
 * each source. {@code all} holds every host, {@code ungrouped} those in no other group. Built by
 * {@link InventoryLoader}; immutable (caches aside), not thread-safe.
 */
public final class Inventory {
    public static final String ALL = "all";
    public static final String UNGROUPED = "ungrouped";

    /** A group as written: its direct hosts and children, in the order written, its own vars (each with where it is set) and priority. */
    public record Group(String name, List<String> hosts, List<String> children, Map<String, Object> vars,
                        Map<String, SourceRange> origins, int priority, SourceRange at) {}

    /** A host as written: its own vars (merged over every place it is listed) and where it first appears. */
    public record Host(String name, Map<String, Object> vars, Map<String, SourceRange> origins, SourceRange at) {}

    /** The vars of one file of group_vars/ or host_vars/, each with where it is set. */
    record Layer(Map<String, Object> vars, Map<String, SourceRange> origins) {}

    /** What one source's group_vars/ and host_vars/ hold for the groups and hosts of the inventory, file by file in Ansible's order. */
    record SourceVars(Map<String, List<Layer>> groups, Map<String, List<Layer>> hosts) {}

    /** A host's merged variables, each with where its value comes from. */
    record Vars(Map<String, Object> values, Map<String, SourceRange> origins) {}

    private final List<Path> sources;
    private final Map<String, Group> groups;
    private final Map<String, Host> hosts;
    private final List<SourceVars> files;
    /** The hosts a source lists under {@code all} itself (YAML's {@code all: hosts:}, a script's), which Ansible's {@code groups.all} puts first. */
    private final List<String> inAll;
    private final Map<String, Integer> depth = new HashMap<>();
    private final Map<String, Set<String>> members = new HashMap<>();
    private final Map<String, Vars> merged = new HashMap<>();
    private final Map<String, Map<String, Object>> rendered = new HashMap<>();

    Inventory(List<Path> sources, Map<String, Group> groups, Map<String, Host> hosts, List<String> inAll) {
        this(sources, groups, hosts, List.of(), inAll);
    }

    private Inventory(List<Path> sources, Map<String, Group> groups, Map<String, Host> hosts, List<SourceVars> files, List<String> inAll) {
        this.sources = sources;
        this.groups = groups;
        this.hosts = hosts;
        this.files = files;
        this.inAll = List.copyOf(inAll);
    }

    Inventory withFiles(List<SourceVars> files) {
        return new Inventory(sources, groups, hosts, List.copyOf(files), inAll);
    }

    /** The first source (where a path in a variable is relative to, for spotplay). */
    public Path file() {
        return sources.get(0);
    }

    public List<Path> sources() {
        return sources;
    }

    public Optional<Group> group(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    /** Every group name, {@code all} and {@code ungrouped} included, in the order first written. */
    public Collection<String> groupNames() {
        return groups.keySet();
    }

    public Optional<Host> host(String name) {
        return Optional.ofNullable(hosts.get(name));
    }

    /** Every host, in the order first written. */
    public Collection<Host> hosts() {
        return hosts.values();
    }

    /** The hosts of a group and of its children, recursively, each once, in the order written. */
    public List<String> hostsOf(String group) {
        Set<String> out = new LinkedHashSet<>();
        collect(group, out, new LinkedHashSet<>());
        return List.copyOf(out);
    }

    /**
     * The hosts of a group as Ansible's {@code groups} variable lists them: the group's own hosts,
     * then its children's, level by level (breadth first, as its {@code Group.get_hosts}), each
     * once. {@code all}'s own hosts are those a source lists under {@code all} itself; its
     * children are {@code ungrouped} and the groups that are no child of another. Where Ansible's own order is arbitrary (two groups of one level that both
     * have children: it walks a Python set), this takes them in the order written.
     */
    public List<String> groupHosts(String group) {
        if (!groups.containsKey(group)) {
            return List.of();
        }
        List<String> level = new ArrayList<>();
        List<String> ordered = new ArrayList<>(List.of(group));
        if (group.equals(ALL)) {
            Set<String> children = new HashSet<>();
            groups.values().forEach(g -> children.addAll(g.children()));
            groups.keySet().stream().filter(g -> !g.equals(ALL) && (g.equals(UNGROUPED) || !children.contains(g))).forEach(level::add);
        } else {
            level.addAll(groups.get(group).children());
        }
        Set<String> seen = new HashSet<>(ordered);
        while (!level.isEmpty()) {
            List<String> next = new ArrayList<>();
            for (String g : level) {
                if (seen.add(g)) {
                    ordered.add(g);
                }
            }
            for (String g : level) {
                for (String child : groups.containsKey(g) ? groups.get(g).children() : List.<String>of()) {
                    if (!seen.contains(child)) {
                        next.add(child);
                    }
                }
            }
            level = next;
        }
        Set<String> out = new LinkedHashSet<>(group.equals(ALL) ? inAll : List.of());
        for (String g : ordered) {
            if (!g.equals(ALL) && groups.containsKey(g)) {
                out.addAll(groups.get(g).hosts());
            }
        }
        if (group.equals(ALL)) {
            out.addAll(hosts.keySet()); // a host only all lists (a YAML all: hosts:) is in ungrouped too; this only guards
        }
        return List.copyOf(out);
    }

    /** Every group the host is in, through children too, {@code all} included. */
    public SortedSet<String> groupsOf(String host) {
        SortedSet<String> out = new TreeSet<>();
        for (String g : groups.keySet()) {
            if (members(g).contains(host)) {
                out.add(g);
            }
        }
        return out;
    }

    private Set<String> members(String group) {
        return members.computeIfAbsent(group, g -> new HashSet<>(hostsOf(g)));
    }

    private void collect(String group, Set<String> out, Set<String> visiting) {
        Group g = groups.get(group);
        if (g == null || !visiting.add(group)) {
            return;
        }
        out.addAll(g.hosts());
        for (String child : g.children()) {
            collect(child, out, visiting);
        }
    }

    /**
     * A host's variables as written (templates not evaluated), with Ansible's precedence, lowest
     * first: {@code all}'s vars in the inventory; the vars of the host's other groups, from the
     * shallowest to the deepest child group, ties by {@code ansible_group_priority} then name;
     * {@code group_vars/all} beside each source; {@code group_vars/GROUP} beside each source,
     * groups in the same order; the host's own vars in the inventory; {@code host_vars/HOST}.
     * A later source wins over an earlier one.
     */
    public Map<String, Object> varsOf(String host) {
        return vars(host).values();
    }

    Vars vars(String host) {
        Vars known = merged.get(host);
        if (known != null) {
            return known;
        }
        List<String> memberOf = new ArrayList<>();
        for (String g : groups.keySet()) {
            if (!g.equals(ALL) && members(g).contains(host)) {
                memberOf.add(g);
            }
        }
        memberOf.sort(Comparator.comparingInt(this::depth).thenComparingInt((String g) -> groups.get(g).priority())
                .thenComparing(Comparator.naturalOrder()));
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, SourceRange> origins = new HashMap<>();
        Group all = groups.get(ALL);
        if (all != null) {
            put(values, origins, all.vars(), all.origins());
        }
        memberOf.forEach(g -> put(values, origins, groups.get(g).vars(), groups.get(g).origins()));
        for (SourceVars f : files) {
            f.groups().getOrDefault(ALL, List.of()).forEach(l -> put(values, origins, l.vars(), l.origins()));
        }
        for (SourceVars f : files) {
            memberOf.forEach(g -> f.groups().getOrDefault(g, List.of()).forEach(l -> put(values, origins, l.vars(), l.origins())));
        }
        Host h = hosts.get(host);
        if (h != null) {
            put(values, origins, h.vars(), h.origins());
        }
        for (SourceVars f : files) {
            f.hosts().getOrDefault(host, List.of()).forEach(l -> put(values, origins, l.vars(), l.origins()));
        }
        Vars out = new Vars(java.util.Collections.unmodifiableMap(values), origins);
        merged.put(host, out);
        return out;
    }

    private static void put(Map<String, Object> values, Map<String, SourceRange> origins, Map<String, Object> vars, Map<String, SourceRange> at) {
        values.putAll(vars);
        vars.keySet().forEach(k -> origins.put(k, at.getOrDefault(k, SourceRange.NONE)));
    }

    /** Where the value {@code host} has for {@code name} is written. */
    public SourceRange origin(String host, String name) {
        return vars(host).origins().getOrDefault(name, hosts.containsKey(host) ? hosts.get(host).at() : SourceRange.NONE);
    }

    /**
     * The value of one variable of {@code host}, its templates evaluated over the host's other
     * variables, or null if it has none (or is null). A template that cannot be evaluated is an
     * error in {@code diags}, at the line that sets the variable, and gives null.
     */
    public Object value(String host, String name, Diagnostics diags) {
        return Resolver.of(this, host, diags).value(name).orElse(null);
    }

    /** Whether {@code host} has the variable at all (set to null counts). */
    public boolean has(String host, String name) {
        return vars(host).values().containsKey(name);
    }

    private final Set<String> reported = new HashSet<>();

    /** Whether a template error is new: one broken group variable is one diagnostic, not one per host. */
    boolean firstReport(String key) {
        return reported.add(key);
    }

    Map<String, Object> renderedCache(String host) {
        return rendered.computeIfAbsent(host, h -> new HashMap<>());
    }

    /** Where the key file {@code host} logs in with is named (the variable that wins). */
    public SourceRange keyOrigin(String host) {
        return origin(host, Logins.keyVariable(this, host));
    }

    /** How to log in to {@code host}, as Ansible's ssh connection would; what spotplay cannot do is refused in {@code diags}. */
    public Optional<HostLogin> login(String host, Diagnostics diags) {
        return Logins.login(this, host, diags);
    }

    /** 0 for {@code all}, 1 for a top-level group, one more than its deepest parent for a child. */
    private int depth(String group) {
        Integer known = depth.get(group);
        if (known != null) {
            return known;
        }
        depth.put(group, 1); // the builder refused cycles; this only guards the recursion
        int d = group.equals(ALL) ? 0 : 1;
        for (Group g : groups.values()) {
            if (g.children().contains(group) && !g.name().equals(ALL)) {
                d = Math.max(d, depth(g.name()) + 1);
            }
        }
        depth.put(group, d);
        return d;
    }
}
