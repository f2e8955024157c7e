package dev.spotplay.provider;

import java.util.Comparator;

/**
 * A node's name under spotplay's naming policy, {@code {group}{index:03d}}: {@code worker001}.
 * Providers that declare their nodes themselves (a static inventory) use other names; every
 * name, of either kind, sorts by {@link #ORDER}.
 */
public record NodeName(String group, int index) implements Comparable<NodeName> {

    /**
     * The order nodes are listed in: names compared piece by piece, runs of digits by their
     * value, so {@code web2} comes before {@code web10}, and policy names sort by group, then
     * index. Total and consistent with equals (ties fall back to the plain text).
     */
    public static final Comparator<String> ORDER = NodeName::compareNames;

    public static NodeName of(String group, int index) {
        return new NodeName(group, index);
    }

    /** Parses {@code worker001}; group names never end in a digit, so the split is unambiguous. */
    public static NodeName parse(String name) {
        int i = name.length();
        while (i > 0 && Character.isDigit(name.charAt(i - 1))) {
            i--;
        }
        if (i == 0 || i == name.length()) {
            throw new IllegalArgumentException("not a node name: " + name);
        }
        return new NodeName(name.substring(0, i), Integer.parseInt(name.substring(i)));
    }

    @Override
    public String toString() {
        return String.format("%s%03d", group, index);
    }

    @Override
    public int compareTo(NodeName o) {
        int c = group.compareTo(o.group);
        return c != 0 ? c : Integer.compare(index, o.index);
    }

    private static int compareNames(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            boolean da = Character.isDigit(a.charAt(i));
            boolean db = Character.isDigit(b.charAt(j));
            int ei = end(a, i, da);
            int ej = end(b, j, db);
            int c;
            if (da && db) {
                c = compareDigits(a.substring(i, ei), b.substring(j, ej));
            } else if (da != db) {
                c = da ? -1 : 1; // numbers before text
            } else {
                c = a.substring(i, ei).compareTo(b.substring(j, ej));
            }
            if (c != 0) {
                return c;
            }
            i = ei;
            j = ej;
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }

    private static int end(String s, int from, boolean digits) {
        int k = from;
        while (k < s.length() && Character.isDigit(s.charAt(k)) == digits) {
            k++;
        }
        return k;
    }

    /** By value, without overflow for any length; equal values with fewer leading zeros first. */
    private static int compareDigits(String x, String y) {
        String sx = x.replaceFirst("^0+(?=.)", "");
        String sy = y.replaceFirst("^0+(?=.)", "");
        int c = Integer.compare(sx.length(), sy.length());
        if (c == 0) {
            c = sx.compareTo(sy);
        }
        return c != 0 ? c : Integer.compare(x.length(), y.length());
    }
}
