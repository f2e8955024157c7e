package dev.spotplay.playbook;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Reading YAML nodes as plain Java values, and naming their kind in messages. */
public final class Nodes {
    private Nodes() {}

    public static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    static boolean isString(Node node) {
        return node instanceof ScalarNode s && Tag.STR.equals(s.getTag());
    }

    /** A value's kind as a user would name it, for "expected X, not Y" messages. */
    public static String kind(Node node) {
        if (node instanceof MappingNode) {
            return "mapping";
        }
        if (node instanceof SequenceNode) {
            return "list";
        }
        Tag tag = node.getTag();
        if (Tag.NULL.equals(tag)) {
            return "empty value";
        }
        if (Tag.BOOL.equals(tag)) {
            return "boolean";
        }
        if (Tag.INT.equals(tag)) {
            return "integer";
        }
        if (Tag.FLOAT.equals(tag)) {
            return "decimal number";
        }
        return "string";
    }

    /** A short quote of the value for messages. */
    static String show(Node node) {
        if (node instanceof ScalarNode s) {
            String v = s.getValue();
            return Tag.STR.equals(s.getTag()) ? "\"" + v + "\"" : v;
        }
        return "a " + kind(node);
    }

    /** String, Long, BigDecimal, Boolean, null, List or LinkedHashMap, in the order written. */
    public static Object toJava(Node node) {
        if (node instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>();
            for (Node item : seq.getValue()) {
                out.add(toJava(item));
            }
            return out;
        }
        if (node instanceof MappingNode map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                out.put(((ScalarNode) t.getKeyNode()).getValue(), toJava(t.getValueNode()));
            }
            return out;
        }
        ScalarNode s = (ScalarNode) node;
        String v = s.getValue();
        Tag tag = s.getTag();
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            return Boolean.parseBoolean(v.toLowerCase());
        }
        if (Tag.INT.equals(tag)) {
            BigInteger n = parseInt(v);
            return n.bitLength() < 64 ? (Object) n.longValue() : new BigDecimal(n);
        }
        if (Tag.FLOAT.equals(tag) && !v.toLowerCase().contains("inf") && !v.toLowerCase().contains("nan")) {
            return new BigDecimal(v);
        }
        return v;
    }

    /** YAML 1.2 core integers: decimal, 0o octal, 0x hex, with an optional sign. */
    static BigInteger parseInt(String v) {
        String s = v.startsWith("+") ? v.substring(1) : v;
        boolean negative = s.startsWith("-");
        if (negative) {
            s = s.substring(1);
        }
        BigInteger n;
        if (s.startsWith("0x")) {
            n = new BigInteger(s.substring(2), 16);
        } else if (s.startsWith("0o")) {
            n = new BigInteger(s.substring(2), 8);
        } else {
            n = new BigInteger(s);
        }
        return negative ? n.negate() : n;
    }
}
