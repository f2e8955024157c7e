package dev.spotplay.provider.aws;

import dev.spotplay.diag.UserError;
import dev.spotplay.playbook.Group;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The capacity pools a group may launch into (instance type × zone), best first: the
 * playbook's types in their order of preference, each type's zones cheapest first. For spot
 * groups with a {@code spot_price} cap, pools priced above the cap are left out; a cap below
 * every pool's price is refused (such a request would never be fulfilled), and a cap within
 * 20% of the price is warned about (interruptions are likely).
 */
final class Pools {
    static final double WARN_MARGIN = 1.2;

    /** One pool; {@code price} is the current spot price in USD per hour, null if unknown or on-demand. */
    record Pool(String type, Subnets.Subnet subnet, Double price) {
        String zone() {
            return subnet.zone();
        }

        @Override
        public String toString() {
            return type + " in " + subnet.zone();
        }
    }

    private final Subnets subnets;
    private final SpotPrices prices;

    Pools(Subnets subnets, SpotPrices prices) {
        this.subnets = subnets;
        this.prices = prices;
    }

    /** Loads the prices of every spot group's types at once (one call). */
    void prepare(List<Group> groups) {
        Set<String> zones = subnets.all().stream().map(Subnets.Subnet::zone).collect(Collectors.toSet());
        List<String> types = groups.stream().map(AwsGroup::new).filter(AwsGroup::isSpot).flatMap(g -> g.instanceTypes().stream()).distinct().toList();
        if (!types.isEmpty()) {
            prices.load(types, zones);
        }
    }

    /** The group's pools, best first; throws a UserError when a spot cap rules out every pool. */
    List<Pool> of(Group group) {
        AwsGroup g = new AwsGroup(group);
        prepare(List.of(group));
        List<Pool> pools = new ArrayList<>();
        for (String type : g.instanceTypes()) {
            List<Pool> ofType = new ArrayList<>();
            for (Subnets.Subnet s : subnets.all()) {
                ofType.add(new Pool(type, s, g.isSpot() ? prices.price(type, s.zone()) : null));
            }
            ofType.sort(Comparator.comparing((Pool p) -> p.price() == null ? Double.MAX_VALUE : p.price()));
            pools.addAll(ofType);
        }
        if (g.isSpot() && g.spotPrice() != null) {
            double cap = g.spotPrice().doubleValue();
            List<Pool> affordable = pools.stream().filter(p -> p.price() == null || p.price() <= cap).toList();
            if (affordable.isEmpty()) {
                Pool cheapest = pools.stream().min(Comparator.comparing(Pool::price)).orElseThrow();
                throw new UserError(String.format(Locale.ROOT, "Group \"%s\": spot_price $%s/h is below the current spot price "
                        + "of every allowed pool (cheapest: %s at $%.4f/h), so the request would never be fulfilled.%n"
                        + "Raise spot_price to at least %.4f, allow more instance types or zones, or remove spot_price "
                        + "(you then pay the spot price, never more than on-demand).",
                        g.name(), g.spotPrice().toPlainString(), cheapest, cheapest.price(), cheapest.price() * WARN_MARGIN));
            }
            pools = affordable;
        }
        return List.copyOf(pools);
    }

    /** A warning for the plan when the cap is within 20% of the price of the pool that will be used, else null. */
    String warning(Group group) {
        AwsGroup g = new AwsGroup(group);
        if (!g.isSpot() || g.spotPrice() == null) {
            return null;
        }
        Pool best = of(group).get(0);
        double cap = g.spotPrice().doubleValue();
        if (best.price() != null && cap < best.price() * WARN_MARGIN) {
            return String.format(Locale.ROOT, "%s: spot_price $%s/h is within 20%% of the current spot price $%.4f/h of %s;"
                    + " expect interruptions (raise it to %.4f or more)", g.name(), g.spotPrice().toPlainString(), best.price(),
                    best, best.price() * WARN_MARGIN);
        }
        return null;
    }

    /** The plan's line on a group's cost: count × price (pool) = total. */
    String costLine(Group group) {
        AwsGroup g = new AwsGroup(group);
        if (g.count() == 0 || g.instanceTypes().isEmpty()) {
            return "no nodes";
        }
        if (!g.isSpot()) {
            return g.count() + " × " + g.instanceTypes().get(0) + " on-demand: price not estimated (counted as $0/h)";
        }
        Pool best = of(group).get(0);
        if (best.price() == null) {
            return g.count() + " × " + best + " spot: no current price known (counted as $0/h)";
        }
        return String.format(Locale.ROOT, "%d × $%s/h spot (%s) = $%s/h", g.count(), money(best.price()), best,
                money(best.price() * g.count()));
    }

    /** Dollars with four decimals, or more when that would show nothing. */
    static String money(double usd) {
        if (usd == 0 || usd >= 0.0001) {
            return String.format(Locale.ROOT, "%.4f", usd);
        }
        return new java.math.BigDecimal(usd).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
    }

    /** Estimated USD per hour of one node of the group: the spot price of its best pool; 0 when unknown (on-demand). */
    double hourly(Group group) {
        AwsGroup g = new AwsGroup(group);
        if (!g.isSpot() || g.instanceTypes().isEmpty()) {
            return 0;
        }
        Double price = of(group).get(0).price();
        return price == null ? 0 : price;
    }
}
