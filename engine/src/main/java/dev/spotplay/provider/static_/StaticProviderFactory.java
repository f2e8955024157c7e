package dev.spotplay.provider.static_;

import dev.spotplay.playbook.Block;
import dev.spotplay.playbook.Key;
import dev.spotplay.playbook.Membership;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.provider.NodeProvider;
import dev.spotplay.provider.ProviderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Registers the {@code static} provider with ServiceLoader, and its language: {@code inventory}
 * (resolved against the playbook's folder), groups that are the inventory's groups (named as
 * Ansible names them, {@code count} optional), members declared by the inventory.
 */
public final class StaticProviderFactory implements ProviderFactory {
    static final String TYPE = "static";
    /** Existing hosts are not booting: one that has never answered is most likely down or misnamed. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** A static group is an inventory group, named as Ansible names them; its nodes keep their inventory names. */
    static final NameRule GROUP_NAMES = new NameRule(Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*"), "with the static provider a group "
            + "is the inventory group of the same name, which starts with a letter or underscore and has only letters, digits, "
            + "underscores and hyphens.");
    static final List<Key> PROVIDER_KEYS = List.of(Key.custom("inventory", "path or list of paths",
            "the Ansible inventory of the hosts: a file, a script, a folder, or a list of these (as ansible -i, later ones win)",
            StaticProviderFactory::inventory).required("the Ansible inventory of the hosts (a file, script or folder, or a list of "
            + "them), relative to the playbook's folder."));

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<Key> providerKeys() {
        return PROVIDER_KEYS;
    }

    @Override
    public Membership membership() {
        return Membership.DECLARED;
    }

    /** A host's inventory variables, hostvars, inventory_hostname and the inventory's groups are there for templates. */
    @Override
    public boolean nodeVariables() {
        return true;
    }

    @Override
    public Optional<NameRule> groupNames() {
        return Optional.of(GROUP_NAMES);
    }

    @Override
    public Duration startTimeout() {
        return START_TIMEOUT;
    }

    /**
     * What {@link #validate} read, for {@link #create} of the same playbook: a command reads its
     * inventory once (a script inventory runs once; a 2,000-host file is parsed once).
     */
    private Playbook validated;
    private InventoryHosts.Resolved validatedHosts;

    @Override
    public NodeProvider create(Playbook playbook, Path workDir) {
        return playbook == validated ? new StaticProvider(playbook, validatedHosts) : new StaticProvider(playbook);
    }

    @Override
    public void validate(Playbook playbook) {
        validatedHosts = InventoryHosts.resolve(playbook, sources(playbook));
        validated = playbook;
    }

    /**
     * The inventory: a saved plan is made from the hosts and variables it declares, so every
     * source counts, and the group_vars and host_vars folders beside each (present or not: one
     * that appears changes what the hosts are). A script counts by its own bytes, not by what it prints.
     */
    @Override
    public List<Path> inputs(Playbook playbook) {
        java.util.LinkedHashSet<Path> out = new java.util.LinkedHashSet<>();
        for (Path source : sources(playbook)) {
            out.add(source);
            Path beside = Files.isDirectory(source) ? source : source.toAbsolutePath().getParent();
            if (beside != null) {
                out.add(beside.resolve("group_vars"));
                out.add(beside.resolve("host_vars"));
            }
        }
        return List.copyOf(out);
    }

    /** The inventory sources the playbook names, absolute, in order. */
    @SuppressWarnings("unchecked")
    static List<Path> sources(Playbook playbook) {
        Object v = playbook.provider().settings().get("inventory");
        List<String> paths = v instanceof List<?> l ? (List<String>) l : List.of(String.valueOf(v));
        return paths.stream().map(Path::of).toList();
    }

    /** The inventory sources' absolute paths; each must exist (a file, a script or a folder). */
    private static Optional<?> inventory(Block block, String key) {
        return block.strings(key, true, true).map(items -> items.stream().map(item -> {
            Path resolved = block.directory().resolve(item.text()).normalize();
            if (!Files.exists(resolved)) {
                block.error(item.at(), "Inventory not found", "No inventory file at " + resolved + " (nor a script or folder)"
                        + ". The path is relative to the playbook's folder.");
            }
            return resolved.toString();
        }).toList());
    }
}
