package dev.spotplay.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes a set of node names compactly in Ansible's range notation:
 * {@code head001, worker[001:004], worker006}.
 */
public final class NodeRanges {
    private NodeRanges() {}

    public static String format(Collection<String> names) {
        Map<String, TreeSet<Integer>> byGroup = new TreeMap<>();
        List<String> odd = new ArrayList<>();
        for (String name : names) {
            int i = name.length();
            while (i > 0 && Character.isDigit(name.charAt(i - 1))) {
                i--;
            }
            if (i == 0 || i == name.length()) {
                odd.add(name);
            } else {
                byGroup.computeIfAbsent(name.substring(0, i), k -> new TreeSet<>()).add(Integer.parseInt(name.substring(i)));
            }
        }
        List<String> parts = new ArrayList<>();
        byGroup.forEach((group, indexes) -> {
            Integer start = null;
            Integer prev = null;
            for (int index : indexes) {
                if (start == null) {
                    start = index;
                } else if (index != prev + 1) {
                    parts.add(range(group, start, prev));
                    start = index;
                }
                prev = index;
            }
            parts.add(range(group, start, prev));
        });
        odd.stream().sorted().forEach(parts::add);
        return String.join(", ", parts);
    }

    private static String range(String group, int from, int to) {
        if (from == to) {
            return String.format("%s%03d", group, from);
        }
        if (to == from + 1) {
            return String.format("%s%03d, %s%03d", group, from, group, to);
        }
        return String.format("%s[%03d:%03d]", group, from, to);
    }
}
