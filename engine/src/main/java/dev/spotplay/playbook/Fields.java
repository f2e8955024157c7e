package dev.spotplay.playbook;

import dev.spotplay.diag.Durations;
import dev.spotplay.diag.Diagnostics;
import dev.spotplay.diag.DidYouMean;
import dev.spotplay.diag.SourceRange;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The keys of one YAML mapping, checked against the keys allowed there, with typed getters
 * that report a wrong type as a diagnostic (saying what would be right) and return empty.
 */
final class Fields {
    private final Source source;
    private final Diagnostics diags;
    private final String where;
    private final Node mapping;
    private final Map<String, NodeTuple> byKey = new LinkedHashMap<>();

    /** {@code where} names the place in messages, e.g. {@code "group \"worker\""}. */
    Fields(Source source, Diagnostics diags, Node mapping, String where, List<String> allowed) {
        this.source = source;
        this.diags = diags;
        this.where = where;
        this.mapping = mapping;
        if (mapping instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                String key = ((ScalarNode) t.getKeyNode()).getValue();
                if (allowed != null && !allowed.contains(key)) {
                    diags.error(source.at(t.getKeyNode()), "Unsupported key",
                            "A key named \"" + key + "\" is not expected in " + where + "."
                                    + DidYouMean.hint(key, allowed) + " Allowed keys: " + String.join(", ", allowed) + ".");
                    continue;
                }
                byKey.putIfAbsent(key, t);
            }
        }
    }

    /** Fields of {@code node} if it is a mapping; otherwise an error and null. An empty value is an empty mapping. */
    static Fields of(Source source, Diagnostics diags, Node node, String where, List<String> allowed) {
        if (node != null && !(node instanceof MappingNode) && !Nodes.isNull(node)) {
            diags.error(source.at(node), "Expected a mapping",
                    where + " must be a mapping of keys (key: value), not a " + Nodes.kind(node) + ".");
            return null;
        }
        return new Fields(source, diags, node, where, allowed);
    }

    String where() {
        return where;
    }

    List<String> keys() {
        return List.copyOf(byKey.keySet());
    }

    boolean has(String key) {
        return byKey.containsKey(key) && !Nodes.isNull(byKey.get(key).getValueNode());
    }

    Node node(String key) {
        NodeTuple t = byKey.get(key);
        return t == null ? null : t.getValueNode();
    }

    Node keyNode(String key) {
        NodeTuple t = byKey.get(key);
        return t == null ? null : t.getKeyNode();
    }

    SourceRange at(String key) {
        Node n = node(key);
        return n == null ? self() : source.at(n);
    }

    SourceRange keyAt(String key) {
        Node n = keyNode(key);
        return n == null ? self() : source.at(n);
    }

    SourceRange self() {
        return mapping == null ? source.whole() : source.at(mapping);
    }

    void error(String key, String summary, String detail) {
        diags.error(at(key), summary, detail);
    }

    void requireKey(String key, String detail) {
        if (!has(key)) {
            diags.error(self(), "Missing key \"" + key + "\"", where + " needs \"" + key + "\": " + detail);
        }
    }

    private void wrongType(String key, String expected) {
        Node n = node(key);
        error(key, "Wrong type for \"" + key + "\"",
                "\"" + key + "\" in " + where + " must be " + expected + ", not " + article(Nodes.kind(n)) + " (" + Nodes.show(n) + ").");
    }

    private static String article(String kind) {
        return (kind.startsWith("e") || kind.startsWith("i") ? "an " : "a ") + kind;
    }

    Optional<String> string(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        Node n = node(key);
        if (!Nodes.isString(n)) {
            wrongType(key, "a string (put it in quotes if it looks like a number)");
            return Optional.empty();
        }
        return Optional.of(((ScalarNode) n).getValue());
    }

    Optional<Boolean> bool(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        Node n = node(key);
        if (!(n instanceof ScalarNode s) || !Tag.BOOL.equals(s.getTag())) {
            wrongType(key, "true or false" + (Nodes.isString(n) ? " without quotes" : ""));
            return Optional.empty();
        }
        return Optional.of(Boolean.parseBoolean(s.getValue().toLowerCase(java.util.Locale.ROOT)));
    }

    Optional<Integer> integer(String key, int min, int max) {
        if (!has(key)) {
            return Optional.empty();
        }
        Node n = node(key);
        if (!(n instanceof ScalarNode s) || !Tag.INT.equals(s.getTag())) {
            wrongType(key, "a whole number from " + min + " to " + max + (Nodes.isString(n) ? " without quotes" : ""));
            return Optional.empty();
        }
        BigInteger v = Nodes.parseInt(s.getValue());
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            error(key, "Value out of range", "\"" + key + "\" in " + where + " must be from " + min + " to " + max + ", not " + v + ".");
            return Optional.empty();
        }
        return Optional.of(v.intValue());
    }

    Optional<Duration> duration(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        Node n = node(key);
        if (!(n instanceof ScalarNode s) || !(Nodes.isString(n) || Tag.INT.equals(n.getTag()) || Tag.FLOAT.equals(n.getTag()))) {
            wrongType(key, "a duration such as 30s, 10m or 1h30m");
            return Optional.empty();
        }
        try {
            Duration d = Durations.parse(s.getValue());
            if (d.isZero()) {
                error(key, "Invalid duration", "\"" + key + "\" in " + where + " must be longer than zero.");
                return Optional.empty();
            }
            return Optional.of(d);
        } catch (IllegalArgumentException e) {
            error(key, "Invalid duration", "\"" + key + "\" in " + where + ": " + e.getMessage() + ".");
            return Optional.empty();
        }
    }

    /** A positive decimal, written plain ({@code 0.05}) or quoted ({@code "0.05"}). */
    Optional<BigDecimal> positiveDecimal(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        Node n = node(key);
        String expected = "a positive decimal number such as 0.05";
        if (!(n instanceof ScalarNode s) || Tag.BOOL.equals(n.getTag())) {
            wrongType(key, expected);
            return Optional.empty();
        }
        try {
            BigDecimal v = Tag.INT.equals(n.getTag()) ? new BigDecimal(Nodes.parseInt(s.getValue())) : new BigDecimal(s.getValue().strip());
            if (v.signum() > 0) {
                return Optional.of(v);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        error(key, "Invalid number", "\"" + key + "\" in " + where + " must be " + expected + ", not " + Nodes.show(n) + ".");
        return Optional.empty();
    }

    /** A list of strings; a single string counts as a list of one when {@code single} is true. */
    Optional<List<Node>> stringList(String key, boolean single, boolean nonEmpty) {
        if (!has(key)) {
            return Optional.empty();
        }
        Node n = node(key);
        String expected = "a list of strings" + (single ? " (or one string)" : "");
        if (single && Nodes.isString(n)) {
            return Optional.of(List.of(n));
        }
        if (!(n instanceof SequenceNode seq)) {
            wrongType(key, expected);
            return Optional.empty();
        }
        List<Node> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            if (!Nodes.isString(item)) {
                diags.error(source.at(item), "Wrong type in \"" + key + "\"",
                        "Items of \"" + key + "\" in " + where + " must be strings, not " + article(Nodes.kind(item)) + " (" + Nodes.show(item) + ").");
                return Optional.empty();
            }
            out.add(item);
        }
        if (nonEmpty && out.isEmpty()) {
            error(key, "Empty list", "\"" + key + "\" in " + where + " must name at least one value.");
            return Optional.empty();
        }
        return Optional.of(out);
    }

    static String text(Node scalar) {
        return ((ScalarNode) scalar).getValue();
    }

    static List<String> texts(List<Node> scalars) {
        return scalars.stream().map(Fields::text).toList();
    }
}
