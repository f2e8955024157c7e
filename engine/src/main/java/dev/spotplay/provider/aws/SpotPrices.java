package dev.spotplay.provider.aws;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryRequest;
import software.amazon.awssdk.services.ec2.model.SpotPrice;

/**
 * The current spot price of each instance type in each zone, read once per command with one
 * DescribeSpotPriceHistory call ({@code StartTime=now} returns the latest price per zone).
 * Linux prices only; the product is filtered here, since emulators answer nothing to that filter.
 */
final class SpotPrices {
    private final Ec2Client ec2;
    private final Map<String, Map<String, Double>> byType = new HashMap<>();

    SpotPrices(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** Fetches the prices of {@code types} (those not fetched yet) in {@code zones}. */
    synchronized void load(Collection<String> types, Set<String> zones) {
        List<String> missing = types.stream().distinct().filter(t -> !byType.containsKey(t)).toList();
        if (missing.isEmpty()) {
            return;
        }
        Map<String, Map<String, SpotPrice>> latest = new HashMap<>();
        var request = DescribeSpotPriceHistoryRequest.builder().instanceTypesWithStrings(missing).startTime(Instant.now()).build();
        for (var page : ec2.describeSpotPriceHistoryPaginator(request)) {
            for (SpotPrice p : page.spotPriceHistory()) {
                String product = p.productDescriptionAsString();
                if (product != null && !product.startsWith("Linux/UNIX")) {
                    continue;
                }
                if (!zones.isEmpty() && !zones.contains(p.availabilityZone())) {
                    continue;
                }
                Map<String, SpotPrice> perZone = latest.computeIfAbsent(p.instanceTypeAsString(), k -> new HashMap<>());
                SpotPrice prior = perZone.get(p.availabilityZone());
                if (prior == null || (p.timestamp() != null && prior.timestamp() != null && p.timestamp().isAfter(prior.timestamp()))) {
                    perZone.put(p.availabilityZone(), p);
                }
            }
        }
        for (String t : missing) {
            Map<String, Double> perZone = new HashMap<>();
            latest.getOrDefault(t, Map.of()).forEach((zone, p) -> {
                try {
                    perZone.put(zone, Double.parseDouble(p.spotPrice()));
                } catch (NumberFormatException | NullPointerException ignored) {
                    // no usable price for this zone
                }
            });
            byType.put(t, perZone);
        }
    }

    /** The price of {@code type} in {@code zone}, or null if unknown. */
    synchronized Double price(String type, String zone) {
        return byType.getOrDefault(type, Map.of()).get(zone);
    }
}
