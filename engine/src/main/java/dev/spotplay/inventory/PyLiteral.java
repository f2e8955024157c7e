package dev.spotplay.inventory;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Python's {@code ast.literal_eval}, which Ansible's INI plugin applies to every value: a string
 * literal ({@code 'x'}, {@code "a\x27b"}, adjacent literals joined), a number ({@code 2222},
 * {@code 0x10}, {@code 1_000}, {@code 1.5}, {@code -1}), {@code True}, {@code False},
 * {@code None}, a list, tuple or dict of these; comments after {@code #} are skipped. Anything
 * else is not a literal, and Ansible keeps the text as written: {@link #eval} is then empty.
 * Tuples become lists, as they do in Ansible's JSON.
 */
final class PyLiteral {
    private final String s;
    private int i;

    private static final class NotLiteral extends Exception {
        NotLiteral() {
            super(null, null, false, false);
        }
    }

    private PyLiteral(String s) {
        this.s = s;
    }

    /** The value, or empty if Python would not read {@code text} as a literal. */
    static Optional<Object> eval(String text) {
        PyLiteral p = new PyLiteral(text);
        try {
            p.skip();
            if (p.i >= p.s.length()) {
                return Optional.empty();
            }
            Object v = p.expr();
            p.skip();
            if (p.i != p.s.length()) {
                return Optional.empty();
            }
            return Optional.ofNullable(v).or(() -> Optional.of(NONE));
        } catch (NotLiteral | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Python's None, told apart from "not a literal". */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /** {@link #eval}'s value with None as null, or the text itself if it is not a literal. */
    static Object valueOf(String text) {
        Optional<Object> v = eval(text);
        return v.isEmpty() ? text : v.get() == NONE ? null : v.get() instanceof BigInteger b && b.bitLength() < 64 ? (Object) b.longValue() : v.get();
    }

    private void skip() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\f') {
                i++;
            } else if (c == '#') {
                while (i < s.length() && s.charAt(i) != '\n') i++;
            } else {
                return;
            }
        }
    }

    private Object expr() throws NotLiteral {
        skip();
        if (i >= s.length()) throw new NotLiteral();
        char c = s.charAt(i);
        if (c == '+' || c == '-') {
            i++;
            skip();
            Object n = expr();
            if (n instanceof BigInteger b) return c == '-' ? b.negate() : b;
            if (n instanceof Double d) return c == '-' ? -d : d;
            if (n instanceof Boolean) throw new NotLiteral(); // -True is not a literal
            throw new NotLiteral();
        }
        if (c == '[') return sequence(']');
        if (c == '(') {
            int at = i;
            i++;
            skip();
            if (i < s.length() && s.charAt(i) == ')') {
                i++;
                return new ArrayList<>();
            }
            Object first = expr();
            skip();
            if (i < s.length() && s.charAt(i) == ')') {
                i++;
                return first; // (x) is x, not a tuple
            }
            i = at;
            return sequence(')');
        }
        if (c == '{') return dict();
        if (Character.isDigit(c) || c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) return number();
        if (Character.isLetter(c) || c == '_') {
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
            String word = s.substring(start, i);
            if (i < s.length() && (s.charAt(i) == '\'' || s.charAt(i) == '"') && word.matches("(?i)[rbu]|br|rb")) {
                return strings(word.toLowerCase());
            }
            return switch (word) {
                case "True" -> Boolean.TRUE;
                case "False" -> Boolean.FALSE;
                case "None" -> null;
                default -> throw new NotLiteral();
            };
        }
        if (c == '\'' || c == '"') return strings("");
        throw new NotLiteral();
    }

    private List<Object> sequence(char close) throws NotLiteral {
        i++;
        List<Object> out = new ArrayList<>();
        while (true) {
            skip();
            if (i < s.length() && s.charAt(i) == close) {
                i++;
                return out;
            }
            out.add(expr());
            skip();
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
            } else if (i < s.length() && s.charAt(i) == close) {
                i++;
                return out;
            } else {
                throw new NotLiteral();
            }
        }
    }

    private Map<String, Object> dict() throws NotLiteral {
        i++;
        Map<String, Object> out = new LinkedHashMap<>();
        while (true) {
            skip();
            if (i < s.length() && s.charAt(i) == '}') {
                i++;
                return out;
            }
            Object key = expr();
            skip();
            if (i >= s.length() || s.charAt(i) != ':') throw new NotLiteral(); // a set: not something an inventory holds
            i++;
            out.put(key == null ? "None" : key instanceof Boolean b ? (b ? "True" : "False") : key.toString(), expr());
            skip();
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
            } else if (i < s.length() && s.charAt(i) == '}') {
                i++;
                return out;
            } else {
                throw new NotLiteral();
            }
        }
    }

    // compiled once: an inventory of thousands of hosts has thousands of numbers
    private static final Pattern HEX = Pattern.compile("0x[0-9a-f]+");
    private static final Pattern OCTAL = Pattern.compile("0o[0-7]+");
    private static final Pattern BINARY = Pattern.compile("0b[01]+");
    private static final Pattern DECIMAL = Pattern.compile("[1-9][0-9]*|0+");
    private static final Pattern FLOAT = Pattern.compile("([0-9]+\\.[0-9]*|\\.[0-9]+|[0-9]+)([eE][+-]?[0-9]+)?");
    private static final Pattern LEADING_ZERO = Pattern.compile("0[0-9]+");

    private Object number() throws NotLiteral {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '.'
                || (s.charAt(i) == '+' || s.charAt(i) == '-') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E') && !isHex(start))) {
            i++;
        }
        String t = s.substring(start, i);
        if (t.contains("__") || t.endsWith("_") || t.contains("_.") || t.contains("._")) throw new NotLiteral();
        String n = t.replace("_", "");
        String lower = n.toLowerCase();
        if (HEX.matcher(lower).matches()) return new BigInteger(n.substring(2), 16);
        if (OCTAL.matcher(lower).matches()) return new BigInteger(n.substring(2), 8);
        if (BINARY.matcher(lower).matches()) return new BigInteger(n.substring(2), 2);
        if (DECIMAL.matcher(n).matches()) return new BigInteger(n);
        if (FLOAT.matcher(n).matches() && !LEADING_ZERO.matcher(n).matches()) {
            return Double.valueOf(n);
        }
        throw new NotLiteral(); // 02222, 1j, 1.2.3: Python refuses them
    }

    private boolean isHex(int start) {
        return start + 1 < s.length() && s.charAt(start) == '0' && (s.charAt(start + 1) == 'x' || s.charAt(start + 1) == 'X');
    }

    /** One or more adjacent string literals (Python joins them). */
    private String strings(String prefix) throws NotLiteral {
        StringBuilder out = new StringBuilder();
        boolean bytes = prefix.contains("b");
        out.append(string(prefix.contains("r")));
        while (true) {
            int at = i;
            skip();
            String next = "";
            int p = i;
            while (p < s.length() && Character.isLetter(s.charAt(p))) p++;
            if (p < s.length() && (s.charAt(p) == '\'' || s.charAt(p) == '"')) {
                next = s.substring(i, p).toLowerCase();
                if (!next.isEmpty() && !next.matches("[rbu]|br|rb")) break;
                if (next.contains("b") != bytes) throw new NotLiteral(); // bytes and text cannot be joined
                i = p;
                out.append(string(next.contains("r")));
            } else {
                i = at;
                break;
            }
        }
        return out.toString();
    }

    private String string(boolean raw) throws NotLiteral {
        char q = s.charAt(i);
        boolean triple = s.startsWith(String.valueOf(q).repeat(3), i);
        i += triple ? 3 : 1;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (i >= s.length()) throw new NotLiteral();
            char c = s.charAt(i);
            if (c == q && (!triple || s.startsWith(String.valueOf(q).repeat(3), i))) {
                i += triple ? 3 : 1;
                return out.toString();
            }
            if (c == '\n' && !triple) throw new NotLiteral();
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= s.length()) throw new NotLiteral();
            char e = s.charAt(i + 1);
            if (raw) {
                out.append(c).append(e);
                i += 2;
                continue;
            }
            i += 2;
            switch (e) {
                case '\n' -> { }
                case '\\' -> out.append('\\');
                case '\'' -> out.append('\'');
                case '"' -> out.append('"');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case 'x', 'u', 'U' -> {
                    int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + len > s.length() || !s.substring(i, i + len).matches("[0-9A-Fa-f]+")) throw new NotLiteral();
                    int cp = Integer.parseUnsignedInt(s.substring(i, i + len), 16);
                    if (!Character.isValidCodePoint(cp)) throw new NotLiteral();
                    out.appendCodePoint(cp);
                    i += len;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int end = i - 1;
                        while (end < s.length() && end < i + 2 && s.charAt(end) >= '0' && s.charAt(end) <= '7') end++;
                        out.appendCodePoint(Integer.parseInt(s.substring(i - 1, end), 8));
                        i = end;
                    } else {
                        out.append('\\').append(e); // Python keeps an unknown escape as written
                    }
                }
            }
        }
    }
}
