package dev.spotplay.playbook;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated playbook.
 *
 * @param file    the playbook file (absolute)
 * @param name    the cluster's name, {@code [a-z][a-z0-9-]{0,30}}
 * @param groups  node groups in the order written
 * @param storage shared storage by name, in the order written
 * @param steps   setup steps in the order written
 * @param vars    user variables for templates (values are strings, numbers, booleans, lists or maps)
 * @param state   where the state lives if the playbook says ({@code state: postgresql://HOST:PORT/DB}), as written;
 *                {@code --state} wins over it, and without either it is the default file beside the playbook
 * @param nodeReferences names templates use that neither the playbook nor spotplay's facts define, left for a provider
 *                whose nodes carry variables ({@link ProviderLanguage#nodeVariables()}) to check against them
 */
public record Playbook(
        Path file,
        String name,
        ProviderConfig provider,
        SshConfig ssh,
        Map<String, Object> vars,
        List<Group> groups,
        List<Storage> storage,
        List<Step> steps,
        Optional<String> state,
        List<NodeReference> nodeReferences) {

    public Playbook {
        nodeReferences = List.copyOf(nodeReferences);
    }

    /** A playbook whose templates name only what it and spotplay's facts define. */
    public Playbook(Path file, String name, ProviderConfig provider, SshConfig ssh, Map<String, Object> vars, List<Group> groups,
                    List<Storage> storage, List<Step> steps, Optional<String> state) {
        this(file, name, provider, ssh, vars, groups, storage, steps, state, List.of());
    }

    /** A playbook that names no state location. */
    public Playbook(Path file, String name, ProviderConfig provider, SshConfig ssh, Map<String, Object> vars, List<Group> groups,
                    List<Storage> storage, List<Step> steps) {
        this(file, name, provider, ssh, vars, groups, storage, steps, Optional.empty());
    }

    /** This playbook with other template variables (the provider's facts added to {@code vars}). */
    public Playbook withVars(Map<String, Object> newVars) {
        return new Playbook(file, name, provider, ssh, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(newVars)), groups, storage,
                steps, state, nodeReferences);
    }

    public Path directory() {
        return file.toAbsolutePath().getParent();
    }

    public Optional<Group> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /** The steps that run on a node of {@code group}, in playbook order. */
    public List<Step> stepsFor(String group) {
        return steps.stream().filter(s -> s.appliesTo(group)).toList();
    }
}
