package dev.spotplay.playbook;

/** Who decides which nodes a group has: declared by its provider's {@link ProviderLanguage#membership()}. */
public enum Membership {
    /**
     * spotplay: {@code count} nodes per group (required), named {@code {group}{index:03d}}, launched and
     * terminated to match.
     */
    COUNTED,
    /**
     * The provider: the nodes it observes alive in the group, under its own names (an inventory's
     * hosts); {@code count} is optional and only checked against them; nothing is launched, replaced
     * or terminated, and a node the provider no longer declares is forgotten.
     */
    DECLARED
}
