package dev.spotplay.provider.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tags that make everything spotplay launches findable again. An instance is tagged at
 * launch (it exists with its tags or not at all) with its cluster, group, creator, apply, the
 * launch's batch token and the batch's node indexes; the node's own name is then the batch's
 * {@code AmiLaunchIndex}-th index. So one RunInstances call names many nodes, and a crash
 * between launch and record loses no name.
 */
final class Tags {
    static final String CLUSTER = "spotplay:cluster";
    static final String GROUP = "spotplay:group";
    static final String NODE = "spotplay:node";
    /** The lineage of the state that launched it: an instance of another lineage is not this state's to adopt or terminate. */
    static final String LINEAGE = "spotplay:lineage";
    static final String CREATOR = "spotplay:creator";
    static final String APPLY = "spotplay:apply";
    static final String BATCH = "spotplay:batch";
    /** {@code spotplay:names}, then {@code spotplay:names:2}, ... when one value would pass EC2's 256 characters. */
    static final String NAMES = "spotplay:names";
    static final int MAX_VALUE = 256;

    private Tags() {}

    static String creator() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "unknown";
            }
        }
        return System.getProperty("user.name") + "@" + host;
    }

    /** Indexes as {@code 1-4,6}, split into values of at most 256 characters. */
    static List<String> encodeIndexes(List<Integer> indexes) {
        List<String> parts = new ArrayList<>();
        List<Integer> sorted = new ArrayList<>(indexes);
        // Order matters (launch index i is the i-th name), so ranges only for ascending runs.
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            parts.add(j > i ? sorted.get(i) + "-" + sorted.get(j) : String.valueOf(sorted.get(i)));
            i = j + 1;
        }
        List<String> values = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String p : parts) {
            if (cur.length() > 0 && cur.length() + 1 + p.length() > MAX_VALUE) {
                values.add(cur.toString());
                cur.setLength(0);
            }
            cur.append(cur.length() > 0 ? "," : "").append(p);
        }
        values.add(cur.toString());
        return values;
    }

    static Map<String, String> namesTags(List<Integer> indexes) {
        Map<String, String> tags = new TreeMap<>();
        List<String> values = encodeIndexes(indexes);
        for (int k = 0; k < values.size(); k++) {
            tags.put(k == 0 ? NAMES : NAMES + ":" + (k + 1), values.get(k));
        }
        return tags;
    }

    /** The batch's indexes in launch order, from an instance's tags; empty if it has none. */
    static List<Integer> decodeIndexes(Map<String, String> tags) {
        List<Integer> out = new ArrayList<>();
        TreeSet<Integer> parts = new TreeSet<>();
        for (String key : tags.keySet()) {
            if (key.equals(NAMES)) {
                parts.add(1);
            } else if (key.startsWith(NAMES + ":")) {
                try {
                    parts.add(Integer.parseInt(key.substring(NAMES.length() + 1)));
                } catch (NumberFormatException ignored) {
                    // not ours
                }
            }
        }
        for (int part : parts) {
            String value = tags.get(part == 1 ? NAMES : NAMES + ":" + part);
            for (String item : value.split(",")) {
                item = item.strip();
                if (item.isEmpty()) {
                    continue;
                }
                int dash = item.indexOf('-');
                try {
                    if (dash > 0) {
                        int from = Integer.parseInt(item.substring(0, dash));
                        int to = Integer.parseInt(item.substring(dash + 1));
                        for (int k = from; k <= to && to - from < 100_000; k++) {
                            out.add(k);
                        }
                    } else {
                        out.add(Integer.parseInt(item));
                    }
                } catch (NumberFormatException ignored) {
                    return List.of();
                }
            }
        }
        return out;
    }
}
