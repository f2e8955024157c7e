package dev.spotplay.provider;

import java.util.Map;

/**
 * The variables a provider gives the templates of each of its nodes, beneath the playbook's
 * {@code vars} (as Ansible puts inventory variables beneath play vars): a static host's inventory
 * variables, {@code inventory_hostname}, {@code hostvars} and the inventory's {@code groups}.
 */
@FunctionalInterface
public interface NodeVars {
    /** No variables of their own: what cloud and local nodes have. */
    NodeVars NONE = node -> Map.of();

    /**
     * The variables of this node, as a read-only view whose values are worked out when read (so
     * that a variable no template names costs nothing and cannot fail) and which may share the
     * same views across nodes ({@code hostvars}, {@code groups}): never a copy per node. Safe to
     * read from several threads. A value that cannot be worked out (a broken template in the
     * inventory) throws a {@link dev.spotplay.diag.UserError} naming where it is written.
     */
    Map<String, Object> of(String node);
}
