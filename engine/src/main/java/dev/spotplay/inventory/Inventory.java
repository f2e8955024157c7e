package dev.spotplay.inventory;

import dev.spotplay.diag.SourceRange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An Ansible inventory as read: groups (with their own hosts, child groups and vars) and hosts
 * (with their own vars). {@code all} holds every host, {@code ungrouped} those in no other group.
 * Built by {@link InventoryBuilder}; immutable (two caches aside), not thread-safe.
 */
public final class Inventory {
    public static final String ALL = "all";
    public static final String UNGROUPED = "ungrouped";

    /** A group as written: its direct hosts and children, in the order written, and its own vars. */
    public record Group(String name, List<String> hosts, List<String> children, Map<String, Object> vars, SourceRange at) {}

    /** A host as written: its own vars (merged over every place it is listed) and where it first appears. */
    public record Host(String name, Map<String, Object> vars, SourceRange at) {}

    private final Path file;
    private final Map<String, Group> groups;
    private final Map<String, Host> hosts;
    private final Map<String, Integer> depth = new HashMap<>();
    private final Map<String, Set<String>> members = new HashMap<>();

    Inventory(Path file, Map<String, Group> groups, Map<String, Host> hosts) {
        this.file = file;
        this.groups = groups;
        this.hosts = hosts;
    }

    public Path file() {
        return file;
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

    private Set<String> members(String group) {
        return members.computeIfAbsent(group, g -> new java.util.HashSet<>(hostsOf(g)));
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
     * A host's variables as Ansible resolves them: group vars from the shallowest group
     * ({@code all}) to the deepest child group (ties by name), then the host's own vars.
     */
    public Map<String, Object> varsOf(String host) {
        List<String> memberOf = new ArrayList<>();
        for (String g : groups.keySet()) {
            if (members(g).contains(host)) {
                memberOf.add(g);
            }
        }
        memberOf.sort(Comparator.comparingInt(this::depth).thenComparing(Comparator.naturalOrder()));
        Map<String, Object> vars = new LinkedHashMap<>();
        memberOf.forEach(g -> vars.putAll(groups.get(g).vars()));
        Host h = hosts.get(host);
        if (h != null) {
            vars.putAll(h.vars());
        }
        return vars;
    }

    /** Every group the host is in, through children too, {@code all} included. */
    public java.util.SortedSet<String> groupsOf(String host) {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        for (String g : groups.keySet()) {
            if (members(g).contains(host)) {
                out.add(g);
            }
        }
        return out;
    }

    /** How to log in to {@code host}; the mistakes found are added to {@code diags}. */
    public Optional<HostLogin> login(String host, dev.spotplay.diag.Diagnostics diags) {
        Map<String, Object> vars = varsOf(host);
        String port = text(vars, "ansible_port", "ansible_ssh_port");
        return Optional.of(new HostLogin(host, Optional.ofNullable(text(vars, "ansible_host", "ansible_ssh_host")).orElse(host),
                port == null ? null : Integer.valueOf(port.strip()), text(vars, "ansible_user", "ansible_ssh_user"),
                text(vars, "ansible_ssh_private_key_file", "ansible_private_key_file")));
    }

    /** The value of one variable of {@code host}, or null if it has none. */
    public Object value(String host, String name, dev.spotplay.diag.Diagnostics diags) {
        return varsOf(host).get(name);
    }

    private static String text(Map<String, Object> vars, String... names) {
        for (String n : names) {
            Object v = vars.get(n);
            if (v != null && !v.toString().isBlank()) {
                return v.toString();
            }
        }
        return null;
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
