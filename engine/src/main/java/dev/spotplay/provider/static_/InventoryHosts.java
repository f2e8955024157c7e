package dev.spotplay.provider.static_;

import dev.spotplay.diag.Diagnostics;
import dev.spotplay.diag.DidYouMean;
import dev.spotplay.inventory.HostLogin;
import dev.spotplay.inventory.Inventory;
import dev.spotplay.inventory.InventoryLoader;
import dev.spotplay.playbook.Group;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.Source;
import dev.spotplay.playbook.SshConfig;
import dev.spotplay.plan.NodeRanges;
import dev.spotplay.transport.LoginNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The playbook's groups filled with the inventory's hosts: each playbook group takes the hosts
 * of the inventory group of the same name. Every mismatch is a diagnostic: a group the inventory
 * lacks, a {@code count} that differs from the inventory, a host in two of the playbook's groups.
 */
final class InventoryHosts {
    private InventoryHosts() {}

    /** The inventory as read, and the playbook's hosts from it. */
    record Resolved(Inventory inventory, List<StaticHost> hosts) {}

    /**
     * The hosts, in playbook group order, then inventory order, with the inventory they come
     * from; throws a DiagnosticException on any mismatch, and on a name the playbook's templates
     * use that the inventory does not define for a host that renders it ({@link TemplateNames}).
     */
    static Resolved resolve(Playbook playbook, List<Path> sources) {
        String label = String.join(", ", sources.stream().map(Source::label).toList());
        Inventory inventory = InventoryLoader.load(sources);
        Path first = sources.get(0).toAbsolutePath();
        Path base = Files.isDirectory(first) ? first : first.getParent();
        Diagnostics diags = new Diagnostics();
        Map<String, String> claimedBy = new LinkedHashMap<>();
        // A host in several of the playbook's groups: all of them, the first (its node's group) first.
        Map<String, List<String>> alsoIn = new LinkedHashMap<>();
        Set<Path> missingKeys = new HashSet<>();
        List<StaticHost> out = new ArrayList<>();
        int defaultPort = playbook.ssh().portOrDefault();
        for (Group g : playbook.groups()) {
            if (inventory.group(g.name()).isEmpty()) {
                List<String> known = inventory.groupNames().stream().filter(n -> !n.equals(Inventory.UNGROUPED)).toList();
                diags.error(g.at(), "Group not in the inventory", "Group \"" + g.name() + "\" has no group of that name in "
                        + label + " to take its hosts from." + DidYouMean.hint(g.name(), known)
                        + " Groups there: " + String.join(", ", known) + ".");
                continue;
            }
            List<String> hosts = inventory.hostsOf(g.name());
            if (g.count().isEmpty() && g.minCount().isPresent() && g.minCount().getAsInt() > hosts.size()) {
                diags.error(g.at(), "min_count above the inventory", "Group \"" + g.name() + "\" says min_count: " + g.minCount().getAsInt()
                        + ", but " + label + " has " + hosts.size() + (hosts.size() == 1 ? " host" : " hosts") + " in it"
                        + (hosts.isEmpty() ? "" : " (" + NodeRanges.format(hosts) + ")") + ", so it could never succeed. "
                        + "min_count is the fewest hosts that must answer, from 0 to " + hosts.size() + ".");
            }
            if (g.count().isPresent() && g.count().getAsInt() != hosts.size()) {
                diags.error(g.at(), "Count differs from the inventory", "Group \"" + g.name() + "\" says count: " + g.count().getAsInt()
                        + ", but " + label + " has " + hosts.size() + (hosts.size() == 1 ? " host" : " hosts") + " in it"
                        + (hosts.isEmpty() ? "" : " (" + NodeRanges.format(hosts) + ")")
                        + ". With the static provider count is optional: remove it to take the inventory's hosts, or fix either side.");
            }
            int index = 0;
            for (String host : hosts) {
                String other = claimedBy.putIfAbsent(host, g.name());
                if (other != null) {
                    List<String> mine = alsoIn.computeIfAbsent(host, h -> new ArrayList<>(List.of(other)));
                    String linked = mine.stream().filter(m -> waits(playbook, m, g.name()) || waits(playbook, g.name(), m)).findFirst().orElse(null);
                    if (linked != null) {
                        String waiter = waits(playbook, g.name(), linked) ? g.name() : linked;
                        String waited = waiter.equals(g.name()) ? linked : g.name();
                        diags.error(inventory.host(host).orElseThrow().at(), "Host in groups that wait for each other", "Host \""
                                + host + "\" is in both \"" + linked + "\" and \"" + g.name() + "\", and \"" + waiter + "\" waits for \""
                                + waited + "\" (its after), so this one node would wait for itself to finish. A host may be in "
                                + "several of the playbook's groups only when none of them waits for another: take it out of one, "
                                + "or drop the after between them.");
                    } else {
                        mine.add(g.name());
                    }
                    continue;
                }
                Optional<HostLogin> login = inventory.login(host, diags);
                if (login.isEmpty()) {
                    continue;
                }
                String address = login.get().address();
                String key = login.get().key();
                if (address.equals(host) && LoginNames.hostProblem(host) != null && !login.get().local()) {
                    diags.error(inventory.host(host).orElseThrow().at(), "Host name is not an address", "Host \"" + host
                            + "\" has no ansible_host, so its name is the address to log in to, but "
                            + LoginNames.hostProblem(host) + " Give its address as ansible_host.");
                    continue;
                }
                Path keyFile = key == null ? null : SshConfig.keyFile(key, base);
                if (keyFile != null && !Files.isRegularFile(keyFile) && missingKeys.add(keyFile)) {
                    diags.error(inventory.keyOrigin(host), "Key file not found", "Host \"" + host + "\" logs in with "
                            + "the key file " + key + ", and " + keyFile + " does not exist. The path is relative to "
                            + "the inventory's folder (~ is your home); fix it, or remove the variable to use ssh.private_key.");
                }
                out.add(new StaticHost(host, List.of(g.name()), ++index, LoginNames.unbracketed(address),
                        login.get().port() != null ? login.get().port() : defaultPort, login.get().user(), keyFile, login.get().proxyJump(),
                        login.get().become(), login.get().local()));
            }
        }
        out.replaceAll(h -> alsoIn.containsKey(h.name()) ? h.inGroups(alsoIn.get(h.name())) : h);
        if (!alsoIn.isEmpty() && !diags.hasErrors()) {
            noCircle(playbook, inventory, out, diags);
        }
        if (!diags.hasErrors()) {
            TemplateNames.check(playbook, inventory, out, diags);
        }
        diags.throwIfErrors();
        return new Resolved(inventory, List.copyOf(out));
    }

    /**
     * A node waits for every group one of its groups waits for, and a group for all of its nodes
     * (and for what it waits for itself): hosts in several groups can close a circle that
     * {@code after} alone cannot (h1 in a and b, h2 in c and d, a after c, d after b). Reported
     * once, with the circle, at the first host in it.
     */
    private static void noCircle(Playbook playbook, Inventory inventory, List<StaticHost> hosts, Diagnostics diags) {
        Map<String, List<String>> edges = new LinkedHashMap<>(); // "host:x" / "group:g" -> what it waits for
        for (StaticHost h : hosts) {
            List<String> next = edges.computeIfAbsent("host:" + h.name(), k -> new ArrayList<>());
            for (String g : h.groups()) {
                playbook.group(g).map(Group::after).orElse(List.of()).forEach(b -> next.add("group:" + b));
                edges.computeIfAbsent("group:" + g, k -> new ArrayList<>()).add("host:" + h.name());
            }
        }
        for (Group g : playbook.groups()) {
            g.after().forEach(b -> edges.computeIfAbsent("group:" + g.name(), k -> new ArrayList<>()).add("group:" + b));
        }
        Map<String, Integer> state = new java.util.HashMap<>(); // 1: on the path, 2: done
        for (String start : edges.keySet()) {
            List<String> circle = circle(start, edges, state, new ArrayList<>());
            if (circle != null) {
                String host = circle.stream().filter(v -> v.startsWith("host:")).findFirst().orElseThrow().substring(5);
                diags.error(inventory.host(host).orElseThrow().at(), "Groups wait for each other through shared hosts", "With the hosts "
                        + "that are in several of the playbook's groups, the groups' after makes a circle: "
                        + String.join(" waits for ", circle.stream().map(v -> v.replaceFirst("^host:", "host ").replaceFirst("^group:", "group ")).toList())
                        + " (a host that is in several groups is one node: it waits for every group its groups wait for, and "
                        + "a group waits for all of its nodes). Take a host out of one of its groups, or change an after.");
                return;
            }
        }
    }

    private static List<String> circle(String v, Map<String, List<String>> edges, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(v);
        if (s != null && s == 2) {
            return null;
        }
        if (s != null) {
            List<String> out = new ArrayList<>(path.subList(path.indexOf(v), path.size()));
            out.add(v);
            return out;
        }
        state.put(v, 1);
        path.add(v);
        for (String next : edges.getOrDefault(v, List.of())) {
            List<String> found = circle(next, edges, state, path);
            if (found != null) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        state.put(v, 2);
        return null;
    }

    /** Whether group {@code a} waits for {@code b}, through its {@code after} and theirs. */
    static boolean waits(Playbook playbook, String a, String b) {
        Set<String> seen = new HashSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(a));
        while (!todo.isEmpty()) {
            String g = todo.pop();
            for (String before : playbook.group(g).map(Group::after).orElse(List.of())) {
                if (before.equals(b)) {
                    return true;
                }
                if (seen.add(before)) {
                    todo.push(before);
                }
            }
        }
        return false;
    }
}
