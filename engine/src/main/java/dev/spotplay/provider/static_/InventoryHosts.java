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
                    diags.error(inventory.host(host).orElseThrow().at(), "Host in two groups", "Host \"" + host + "\" is in both \""
                            + other + "\" and \"" + g.name() + "\", which are both groups of the playbook; a node belongs to "
                            + "one group. Take it out of one of them.");
                    continue;
                }
                Optional<HostLogin> login = inventory.login(host, diags);
                if (login.isEmpty()) {
                    continue;
                }
                String address = login.get().address();
                String key = login.get().key();
                if (address.equals(host) && LoginNames.hostProblem(host) != null) {
                    diags.error(inventory.host(host).orElseThrow().at(), "Host name is not an address", "Host \"" + host
                            + "\" has no ansible_host, so its name is the address to log in to, but "
                            + LoginNames.hostProblem(host) + " Give its address as ansible_host.");
                    continue;
                }
                Path keyFile = key == null ? null : SshConfig.keyFile(key, base);
                if (keyFile != null && !Files.isRegularFile(keyFile) && missingKeys.add(keyFile)) {
                    diags.error(inventory.host(host).orElseThrow().at(), "Key file not found", "Host \"" + host + "\" logs in with "
                            + "the key file " + key + ", and " + keyFile + " does not exist. The path is relative to "
                            + "the inventory's folder (~ is your home); fix it, or remove the variable to use ssh.private_key.");
                }
                out.add(new StaticHost(host, g.name(), ++index, LoginNames.unbracketed(address),
                        login.get().port() != null ? login.get().port() : defaultPort, login.get().user(), keyFile, login.get().proxyJump()));
            }
        }
        if (!diags.hasErrors()) {
            TemplateNames.check(playbook, inventory, out, diags);
        }
        diags.throwIfErrors();
        return new Resolved(inventory, List.copyOf(out));
    }
}
