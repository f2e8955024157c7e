package dev.spotplay.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes a set of node names compactly in Ansible's range notation:
 * {@code head001, worker[001:004], worker006}. A range keeps its names' width, so inventory
 * names stay as written ({@code web[01:20]}); names without a trailing number come last.
 */
public final class NodeRanges {
    private NodeRanges() {}

    public static String format(Collection<String> names) {
        // key: prefix + NUL + width of the number, so web01 and web001 never share a range
        Map<String, TreeSet<Long>> byGroup = new TreeMap<>();
        List<String> odd = new ArrayList<>();
        for (String name : names) {
            int i = name.length();
            while (i > 0 && Character.isDigit(name.charAt(i - 1))) {
                i--;
            }
            if (i == 0 || i == name.length() || name.length() - i > 18) {
                odd.add(name);
            } else {
                byGroup.computeIfAbsent(name.substring(0, i) + '\0' + (name.length() - i), k -> new TreeSet<>())
                        .add(Long.parseLong(name.substring(i)));
            }
        }
        List<String> parts = new ArrayList<>();
        byGroup.forEach((key, indexes) -> {
            String group = key.substring(0, key.indexOf('\0'));
            int width = Integer.parseInt(key.substring(key.indexOf('\0') + 1));
            Long start = null;
            Long prev = null;
            for (long index : indexes) {
                if (start == null) {
                    start = index;
                } else if (index != prev + 1) {
                    parts.add(range(group, width, start, prev));
                    start = index;
                }
                prev = index;
            }
            parts.add(range(group, width, start, prev));
        });
        odd.stream().sorted().forEach(parts::add);
        return String.join(", ", parts);
    }

    private static String range(String group, int width, long from, long to) {
        String f = "%0" + width + "d";
        if (from == to) {
            return group + String.format(f, from);
        }
        if (to == from + 1) {
            return group + String.format(f, from) + ", " + group + String.format(f, to);
        }
        return group + "[" + String.format(f, from) + ":" + String.format(f, to) + "]";
    }
}
