package dev.spotplay.provider;

/** A node's name, {@code {group}{index:03d}}: {@code worker001}. */
public record NodeName(String group, int index) implements Comparable<NodeName> {

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
}
