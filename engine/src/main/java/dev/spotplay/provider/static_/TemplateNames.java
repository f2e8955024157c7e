package dev.spotplay.provider.static_;

import dev.spotplay.diag.Diagnostics;
import dev.spotplay.diag.DidYouMean;
import dev.spotplay.inventory.Inventory;
import dev.spotplay.inventory.TemplateVars;
import dev.spotplay.playbook.NodeReference;
import dev.spotplay.playbook.Playbook;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names the playbook's templates leave to the inventory ({@link Playbook#nodeReferences()}),
 * checked against it before anything runs: a host variable must be defined for every host of the
 * step's groups (or the template must say {@code | default(...)}), {@code groups.X} must name an
 * inventory group, {@code hostvars.H.var} an inventory host and one of its variables. Each
 * mistake is one diagnostic at the template, naming the hosts that lack the name; a variable
 * whose own template in the inventory fails is reported where the inventory sets it.
 */
final class TemplateNames {
    private TemplateNames() {}

    static void check(Playbook playbook, Inventory inventory, List<StaticHost> hosts, Diagnostics diags) {
        for (NodeReference r : playbook.nodeReferences()) {
            List<String> seg = r.ref().segments();
            String shown = "\"{{ " + r.ref().path() + " }}\"";
            String problem = switch (seg.get(0)) {
                case "groups" -> group(playbook, inventory, seg, shown);
                case "hostvars" -> hostvars(inventory, seg, shown, diags);
                default -> ofHosts(playbook, inventory, hosts, r, shown, diags);
            };
            if (problem != null) {
                diags.error(r.at(), "Undefined name in template", problem);
            }
        }
    }

    private static String group(Playbook playbook, Inventory inventory, List<String> seg, String shown) {
        if (inventory.group(seg.get(1)).isPresent()) {
            return seg.size() == 2 ? null : shown + ": groups." + seg.get(1) + " is a list of host names, which has no \""
                    + seg.get(2) + "\"; write {{ groups." + seg.get(1) + " }} or {{ groups." + seg.get(1) + " | join(\",\") }}.";
        }
        Set<String> known = new LinkedHashSet<>();
        playbook.groups().forEach(g -> known.add(g.name()));
        known.addAll(inventory.groupNames());
        return shown + " does not name a group of the playbook or of the inventory." + DidYouMean.hint(seg.get(1), known)
                + " Groups: " + String.join(", ", known) + ".";
    }

    private static String hostvars(Inventory inventory, List<String> seg, String shown, Diagnostics diags) {
        List<String> names = inventory.hosts().stream().map(Inventory.Host::name).toList();
        if (seg.size() < 3) {
            String host = seg.size() == 2 ? seg.get(1) : "HOST";
            return shown + " is a mapping, which cannot be written as text; name a host and one of its variables, "
                    + "e.g. {{ hostvars['" + host + "'].ansible_host }}.";
        }
        if (!names.contains(seg.get(1))) {
            return shown + ": the inventory has no host \"" + seg.get(1) + "\"." + DidYouMean.hint(seg.get(1), names);
        }
        String missing = walk(inventory, seg.get(1), seg.subList(2, seg.size()), diags);
        return missing == null ? null : shown + ": " + missing + ".";
    }

    /** The name must be defined for every host that renders it. */
    private static String ofHosts(Playbook playbook, Inventory inventory, List<StaticHost> hosts, NodeReference r, String shown,
                                  Diagnostics diags) {
        List<String> lacking = new ArrayList<>();
        String first = null;
        for (StaticHost h : hosts) {
            if (!rendersFor(playbook, r, h)) {
                continue;
            }
            String missing = walk(inventory, h.name(), r.ref().segments(), diags);
            if (missing != null) {
                first = first == null ? missing : first;
                lacking.add(h.name());
            }
        }
        if (lacking.isEmpty()) {
            return null;
        }
        Set<String> known = new LinkedHashSet<>(playbook.vars().keySet());
        known.addAll(List.of("node", "groups", "hostvars"));
        known.addAll(TemplateVars.MAGIC);
        known.addAll(inventory.varsOf(lacking.get(0)).keySet());
        String root = r.ref().root();
        String others = lacking.size() == 1 ? "" : " (and for " + (lacking.size() - 1) + " more of the hosts that run this step: "
                + dev.spotplay.plan.NodeRanges.format(lacking.subList(1, lacking.size())) + ")";
        return shown + ": " + first + others + "; neither the playbook's vars nor the inventory define it."
                + DidYouMean.hint(root, known) + " Define it under \"vars:\", in the inventory (group_vars/, host_vars/), "
                + "or add | default(\"...\").";
    }

    /** Whether the step holding {@code r} runs on {@code h}. */
    private static boolean rendersFor(Playbook playbook, NodeReference r, StaticHost h) {
        return r.groups().contains("all") || h.groups().stream().anyMatch(r.groups()::contains);
    }

    /** What is missing along {@code path} among a host's variables, or null if nothing is. */
    private static String walk(Inventory inventory, String host, List<String> path, Diagnostics diags) {
        String root = path.get(0);
        if (!TemplateVars.MAGIC.contains(root) && !inventory.has(host, root)) {
            return "\"" + root + "\" is not defined for host " + host;
        }
        Object value = inventory.value(host, root, diags);
        for (int i = 1; i < path.size(); i++) {
            if (!(value instanceof Map<?, ?> m) || !m.containsKey(path.get(i))) {
                return "\"" + String.join(".", path.subList(0, i + 1)) + "\" is not defined for host " + host;
            }
            value = m.get(path.get(i));
        }
        return null;
    }
}
