package dev.spotplay.plan;

import java.util.regex.Pattern;

/**
 * What a change is about, as a typed value: the type says what exists (a step has a node, a
 * resource has none), so nothing needs a null or -1 for "not here". {@link #text()} is the
 * address a person reads and {@code plan --json} writes.
 */
public sealed interface Address permits Address.Node, Address.Step, Address.Duplicate, Address.Resource {

    /**
     * {@code worker.worker003}, {@code worker.worker003.step["x"]}, {@code worker.worker003[i-123]};
     * a resource's name ({@code spotplay-demo}), which with its {@link #kind()} says which one.
     */
    String text();

    /** The JSON {@code kind}: {@code node}, {@code step} or the resource's kind. */
    String kind();

    /** A node of a group, by its name. */
    record Node(String group, String name) implements Address {
        @Override public String text() { return group + "." + name; }
        @Override public String kind() { return "node"; }
    }

    /** A step on a node; {@code index} is its position in the playbook's steps. */
    record Step(Node node, String name, int index) implements Address {
        @Override public String text() { return node.text() + ".step[\"" + name + "\"]"; }
        @Override public String kind() { return "step"; }
    }

    /** A second machine under a node's name (a lost launch response): only this machine, by its provider id. */
    record Duplicate(Node node, String providerId) implements Address {
        @Override public String text() { return node.text() + "[" + providerId + "]"; }
        @Override public String kind() { return "node"; }
    }

    /**
     * A cluster-wide resource a provider creates beside the nodes. Its kind is the provider's word
     * ({@code key_pair}, {@code security_group}, {@code storage}); the plan knows no provider's nouns.
     */
    record Resource(String kind, String name) implements Address {
        private static final Pattern KIND = Pattern.compile("[a-z_]+");

        public Resource {
            if (kind == null || !KIND.matcher(kind).matches()) {
                throw new IllegalArgumentException("resource kind must match [a-z_]+: " + kind);
            }
            if (kind.equals("node") || kind.equals("step")) {
                throw new IllegalArgumentException("resource kind \"" + kind + "\" is the plan's own");
            }
        }

        @Override public String text() { return name; }
    }
}
