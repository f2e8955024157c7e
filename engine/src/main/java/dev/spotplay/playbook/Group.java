package dev.spotplay.playbook;

import dev.spotplay.diag.SourceRange;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A node group.
 *
 * @param name          alphanumerics and hyphens, starting with a letter, not ending in a digit
 *                      (so that {@code worker001} parses back into group and index); with the
 *                      static provider, an inventory group's name (underscores and a final digit allowed)
 * @param count         desired nodes; with the static provider optional ({@link #COUNT_FROM_PROVIDER}
 *                      when absent) and, when given, checked against the inventory
 * @param minCount      the fewest nodes that still count as success (defaults to {@code count}; with
 *                      the static provider and no count, {@link #COUNT_FROM_PROVIDER}: every host)
 * @param market        {@code spot} (default) or {@code on-demand}
 * @param instanceTypes acceptable instance types, preferred first (empty for local/static)
 * @param image         machine image (empty for local/static)
 * @param spotPrice     the user's cap in USD per hour, or null
 * @param volume        root volume, or null
 * @param tags          extra tags
 * @param after         groups whose steps must finish before this group's steps start
 * @param at            where the group is declared
 */
public record Group(
        String name,
        int count,
        int minCount,
        String market,
        List<String> instanceTypes,
        String image,
        BigDecimal spotPrice,
        Volume volume,
        Map<String, String> tags,
        List<String> after,
        SourceRange at) {

    /** A static group that does not say how many hosts it has: as many as its inventory group. */
    public static final int COUNT_FROM_PROVIDER = -1;

    public record Volume(int sizeGb, String type) {}

    /** The fewest of its {@code members} that must be up for the group to succeed. */
    public int minimumUp(int members) {
        return minCount == COUNT_FROM_PROVIDER ? members : minCount;
    }

    public boolean isSpot() {
        return !"on-demand".equals(market);
    }
}
