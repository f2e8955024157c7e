package dev.spotplay.inventory;

import dev.spotplay.playbook.Nodes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * YAML values as Ansible reads them: PyYAML resolves an untagged plain scalar by YAML 1.1's rules
 * ({@code yes}, {@code no}, {@code on} and {@code off} are booleans; {@code 02222} is octal;
 * {@code 1_000} and {@code 0b101} are integers; {@code 1e3} with no dot is text), not YAML 1.2's,
 * which the playbook reader uses. A file that is JSON is read by JSON's rules, as Ansible first
 * tries {@code json.loads}. Quoted scalars and explicitly tagged ones keep what the reader made
 * of them.
 */
final class YamlValues {
    private static final Pattern BOOL = Pattern.compile("yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
            + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)");
    private static final Pattern INT = Pattern.compile("[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
            + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
    private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    /** A tag of Ansible's own that spotplay does not read; the message names it. */
    record Unsupported(String tag, Node node) {}

    private final String text;
    private final boolean json;
    private final List<Unsupported> unsupported = new ArrayList<>();

    /** @param text the document, to tell an explicit tag from a resolved one; @param json whether it is JSON */
    YamlValues(String text, boolean json) {
        this.text = text;
        this.json = json;
    }

    List<Unsupported> unsupported() {
        return unsupported;
    }

    Object toJava(Node node) {
        if (node instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>();
            seq.getValue().forEach(n -> out.add(toJava(n)));
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
        String tag = s.getTag().getValue();
        if (!tag.startsWith("tag:yaml.org,2002:")) {
            if (!tag.equals("!unsafe")) {
                unsupported.add(new Unsupported(tag, node));
            }
            return s.getValue();
        }
        if (s.getScalarStyle() != ScalarStyle.PLAIN || explicitlyTagged(s)) {
            return Nodes.toJava(s);
        }
        return plain(s.getValue());
    }

    private boolean explicitlyTagged(Node n) {
        return n.getStartMark().map(m -> m.getIndex() < text.length() && text.charAt(m.getIndex()) == '!').orElse(false);
    }

    private Object plain(String v) {
        if (json) {
            if (v.equals("true") || v.equals("false")) return Boolean.valueOf(v);
            if (v.equals("null")) return null;
            var m = JSON_NUMBER.matcher(v);
            if (m.matches()) {
                return m.group(1) == null && m.group(2) == null ? integer(new BigInteger(v)) : (Object) Double.valueOf(v);
            }
            return v;
        }
        if (v.isEmpty()) return null;
        char c = v.charAt(0);
        if ("yYnNtTfFoO".indexOf(c) >= 0 && BOOL.matcher(v).matches()) {
            return switch (v.toLowerCase()) {
                case "yes", "true", "on" -> Boolean.TRUE;
                default -> Boolean.FALSE;
            };
        }
        if ("-+0123456789.".indexOf(c) >= 0 && FLOAT.matcher(v).matches()) return floating(v);
        if ("-+0123456789".indexOf(c) >= 0 && INT.matcher(v).matches()) return integer(int11(v));
        if (NULL.matcher(v).matches()) return null;
        return v;
    }

    private static Object integer(BigInteger n) {
        return n.bitLength() < 64 ? (Object) n.longValue() : new BigDecimal(n);
    }

    /** PyYAML's construct_yaml_int. */
    private static BigInteger int11(String raw) {
        String v = raw.replace("_", "");
        int sign = 1;
        if (v.startsWith("-")) {
            sign = -1;
            v = v.substring(1);
        } else if (v.startsWith("+")) {
            v = v.substring(1);
        }
        BigInteger n;
        if (v.equals("0")) {
            n = BigInteger.ZERO;
        } else if (v.startsWith("0b")) {
            n = new BigInteger(v.substring(2), 2);
        } else if (v.startsWith("0x")) {
            n = new BigInteger(v.substring(2), 16);
        } else if (v.startsWith("0")) {
            n = new BigInteger(v.substring(1), 8);
        } else if (v.contains(":")) {
            n = BigInteger.ZERO;
            for (String part : v.split(":")) {
                n = n.multiply(BigInteger.valueOf(60)).add(new BigInteger(part));
            }
        } else {
            n = new BigInteger(v);
        }
        return sign < 0 ? n.negate() : n;
    }

    /** PyYAML's construct_yaml_float. */
    private static Object floating(String raw) {
        String v = raw.replace("_", "").toLowerCase();
        double sign = 1;
        if (v.startsWith("-")) {
            sign = -1;
            v = v.substring(1);
        } else if (v.startsWith("+")) {
            v = v.substring(1);
        }
        if (v.equals(".inf")) return sign * Double.POSITIVE_INFINITY;
        if (v.equals(".nan")) return Double.NaN;
        if (v.contains(":")) {
            double n = 0;
            for (String part : v.split(":")) {
                n = n * 60 + Double.parseDouble(part);
            }
            return sign * n;
        }
        return sign * Double.parseDouble(v);
    }

    /** Whether {@code text} is a JSON document, as Ansible's loader tries first. */
    static boolean isJson(String text) {
        try (var p = new com.fasterxml.jackson.core.JsonFactory().createParser(text)) {
            while (p.nextToken() != null) {
                // reading through is the check
            }
            return text.strip().startsWith("{") || text.strip().startsWith("[");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static Optional<String> unsupportedTagHint(String tag) {
        return Optional.of(tag.equals("!vault") ? "Ansible Vault (!vault) values are not supported: spotplay keeps no vault password."
                : "The YAML tag " + tag + " is not supported in an inventory.");
    }
}
