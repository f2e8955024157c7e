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
 * @param replace  how its running nodes are replaced when their launch settings change (or
 *                 {@code --replace} names them): in waves that keep {@code min_count} up, or all at once
 * @param at       where the group is declared
 */
public record Group(
        String name,
        OptionalInt count,
        OptionalInt minCount,
        Map<String, Object> settings,
        List<String> after,
        Replacement replace,
        SourceRange at) {

    /** {@code replace:}, how a group's running nodes are replaced. */
    public enum Replacement {
        /**
         * The default: a wave's new machines are launched and set up before the machines they
         * replace are terminated, {@link #waveSize} at a time, so at least {@code min_count} stay up.
         */
        WAVES("waves"),
        /** The old machines are terminated first, then all are launched again: fastest, no extra capacity, nothing stays up. */
        ALL_AT_ONCE("all-at-once");

        private final String word;

        Replacement(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    public Group(String name, OptionalInt count, OptionalInt minCount, Map<String, Object> settings, List<String> after, SourceRange at) {
        this(name, count, minCount, settings, after, Replacement.WAVES, at);
    }

    /**
     * How many running nodes a wave replaces: {@code count - min_count} (the nodes the group may
     * be without), at least 1.
     */
    public int waveSize() {
        int members = count.orElse(0);
        return Math.max(1, members - minCount.orElse(members));
    }

    /** The fewest of its {@code members} that must be up for the group to succeed. */
    public int minimumUp(int members) {
        return minCount.orElse(members);
    }

    /** The value of one of the provider's group keys, or null. */
    public Object setting(String key) {
        return settings.get(key);
    }
}
