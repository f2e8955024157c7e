package dev.spotplay.playbook;

import dev.spotplay.diag.SourceRange;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A node group.
 *
 * @param name     alphanumerics and hyphens, starting with a letter, not ending in a digit
 *                 (so that {@code worker001} parses back into group and index), unless the
 *                 provider's language has a rule of its own (a static inventory's group names)
 * @param count    desired nodes: always present when the provider's {@link Membership} is
 *                 {@link Membership#COUNTED}; when it is {@link Membership#DECLARED} present only
 *                 if the playbook says, and then checked against what the provider declares
 * @param minCount the fewest nodes that still count as success (defaults to {@code count}; empty
 *                 when {@code count} is: every member)
 * @param settings the provider's group keys as its {@link ProviderLanguage#groupKeys} read them
 * @param after    groups whose steps must finish before this group's steps start
 * @param at       where the group is declared
 */
public record Group(
        String name,
        OptionalInt count,
        OptionalInt minCount,
        Map<String, Object> settings,
        List<String> after,
        SourceRange at) {

    /** The fewest of its {@code members} that must be up for the group to succeed. */
    public int minimumUp(int members) {
        return minCount.orElse(members);
    }

    /** The value of one of the provider's group keys, or null. */
    public Object setting(String key) {
        return settings.get(key);
    }
}
