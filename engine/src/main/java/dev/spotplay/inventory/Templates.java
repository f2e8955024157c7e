package dev.spotplay.inventory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The part of Jinja an inventory's connection variables use, evaluated as Ansible does: text
 * with {@code {{ expression }}} in it, where an expression is a variable ({@code base_net},
 * {@code net.prefix}, {@code ports['ssh']}), a string, number or list, joined with {@code ~} or
 * {@code +}, and filtered with {@code default} (or {@code d}), {@code int}, {@code string},
 * {@code lower}, {@code upper}, {@code trim} or {@code replace}. The result is text, as Ansible's
 * templating gives when the expression is not the whole value of a list, a dict or a boolean.
 * Anything else ({@code {% %}} blocks, lookups, tests, other filters) is refused with its name:
 * spotplay never guesses what a template means.
 */
final class Templates {
    private Templates() {}

    /** A template that cannot be evaluated; the message says why, for a person. */
    static final class TemplateError extends Exception {
        TemplateError(String message) {
            super(message, null, false, false);
        }
    }

    /** Text from the {@code string} filter, which Ansible never reads back as a boolean or list (its STRING_TYPE_FILTERS). */
    private record NativeText(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private static Object plain(Object v) {
        return v instanceof NativeText t ? t.text() : v;
    }

    /** A variable that has no value: Jinja's Undefined, which only {@code default} turns into a value. */
    private record Undefined(String name) {}

    static boolean isTemplate(Object value) {
        return value instanceof String s && (s.contains("{{") || s.contains("{%") || s.contains("{#"));
    }

    /**
     * {@code value} with its templates evaluated; {@code lookup} gives another variable's value
     * (already evaluated), or empty if it has none.
     */
    static Object render(Object value, Function<String, Optional<Object>> lookup) throws TemplateError {
        if (!(value instanceof String text) || !isTemplate(text)) {
            return value;
        }
        if (text.contains("{%") || text.contains("{#")) {
            throw new TemplateError("Jinja statements and comments ({% %}, {# #}) are not supported in inventory variables; only {{ expressions }}.");
        }
        List<Object> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf("{{", i);
            if (open < 0) {
                parts.add(text.substring(i));
                break;
            }
            if (open > i) {
                parts.add(text.substring(i, open));
            }
            int close = findClose(text, open + 2);
            if (close < 0) {
                throw new TemplateError("The \"{{\" at character " + (open + 1) + " is never closed with \"}}\".");
            }
            Object v = new Parser(text.substring(open + 2, close), lookup).parseAll();
            if (v instanceof Undefined u) {
                throw new TemplateError("\"" + u.name() + "\" is undefined");
            }
            parts.add(v);
            i = close + 2;
        }
        if (parts.size() == 1 && parts.get(0) instanceof NativeText t) {
            return t.text();
        }
        StringBuilder out = new StringBuilder();
        parts.forEach(p -> out.append(p == null ? "" : pyStr(p))); // Ansible's finalize writes None as nothing
        String s = out.toString();
        if (s.equals("True") || s.equals("False") || s.startsWith("[") || s.startsWith("{")) {
            Optional<Object> literal = PyLiteral.eval(s);
            if (literal.isPresent()) {
                return literal.get() == PyLiteral.NONE ? null : literal.get();
            }
        }
        return s;
    }

    private static int findClose(String text, int from) {
        char quote = 0;
        for (int i = from; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '}' && text.charAt(i + 1) == '}') {
                return i;
            }
        }
        return -1;
    }

    /** Python's str() of a value, which Ansible's templating writes into the text. */
    static String pyStr(Object v) {
        if (v == null) return "None";
        if (v instanceof Boolean b) return b ? "True" : "False";
        if (v instanceof Double d) {
            if (d.isNaN()) return "nan";
            if (d.isInfinite()) return d > 0 ? "inf" : "-inf";
            if (d == Math.rint(d) && Math.abs(d) < 1e16) return String.valueOf(d.longValue()) + ".0";
            return d.toString().replace("E", "e+").replace("e+-", "e-");
        }
        if (v instanceof List<?> l) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(pyRepr(l.get(i)));
            }
            return out.append(']').toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder out = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.append(first ? "" : ", ").append(pyRepr(e.getKey())).append(": ").append(pyRepr(e.getValue()));
                first = false;
            }
            return out.append('}').toString();
        }
        return v.toString();
    }

    private static String pyRepr(Object v) {
        if (v instanceof String s) {
            return s.contains("'") && !s.contains("\"") ? "\"" + s + "\"" : "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        return pyStr(v);
    }

    /** A recursive-descent parser and evaluator of one {@code {{ }}} expression. */
    private static final class Parser {
        private final String s;
        private final Function<String, Optional<Object>> lookup;
        private int i;

        Parser(String s, Function<String, Optional<Object>> lookup) {
            this.s = s;
            this.lookup = lookup;
        }

        Object parseAll() throws TemplateError {
            Object v = concat();
            ws();
            if (i < s.length()) {
                throw unsupported();
            }
            return v;
        }

        private TemplateError unsupported() {
            String rest = s.substring(i).strip();
            String word = rest.split("[\\s(]", 2)[0];
            return new TemplateError("\"{{" + s + "}}\": \"" + word + "\" is not supported here; inventory templates may use variables, "
                    + "strings, numbers, ~ and +, and the filters default, int, string, lower, upper, trim and replace.");
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private boolean eat(String token) {
            ws();
            if (s.startsWith(token, i)) {
                i += token.length();
                return true;
            }
            return false;
        }

        private Object concat() throws TemplateError {
            Object v = additive();
            while (eat("~")) {
                Object r = additive();
                v = pyStr(defined(v)) + pyStr(defined(r));
            }
            return v;
        }

        private Object additive() throws TemplateError {
            Object v = filtered();
            while (true) {
                ws();
                if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                    char op = s.charAt(i++);
                    Object r = filtered();
                    v = arithmetic(op, defined(v), defined(r));
                } else {
                    return v;
                }
            }
        }

        private Object arithmetic(char op, Object a0, Object b0) throws TemplateError {
            Object a = plain(a0);
            Object b = plain(b0);
            if (op == '+' && a instanceof String x && b instanceof String y) return x + y;
            if (op == '+' && a instanceof List<?> x && b instanceof List<?> y) {
                List<Object> out = new ArrayList<>(x);
                out.addAll(y);
                return out;
            }
            if (isNumber(a) && isNumber(b)) {
                if (a instanceof Double || b instanceof Double) {
                    double x = ((Number) a).doubleValue();
                    double y = ((Number) b).doubleValue();
                    return op == '+' ? x + y : x - y;
                }
                BigInteger x = big(a);
                BigInteger y = big(b);
                BigInteger r = op == '+' ? x.add(y) : x.subtract(y);
                return r.bitLength() < 64 ? (Object) r.longValue() : r;
            }
            throw new TemplateError("cannot " + (op == '+' ? "add" : "subtract") + " " + typeName(b) + " " + (op == '+' ? "to" : "from") + " "
                    + typeName(a) + " (" + pyStr(a) + " " + op + " " + pyStr(b) + "); convert with | int, or join text with ~");
        }

        private Object filtered() throws TemplateError {
            Object v = unary();
            while (true) {
                ws();
                if (i < s.length() && s.charAt(i) == '|' && !s.startsWith("||", i)) {
                    i++;
                    ws();
                    String name = identifier();
                    List<Object> args = new ArrayList<>();
                    if (eat("(")) {
                        if (!eat(")")) {
                            do {
                                args.add(concat());
                            } while (eat(","));
                            if (!eat(")")) throw unsupported();
                        }
                    }
                    v = filter(name, v, args);
                } else {
                    return v;
                }
            }
        }

        private Object filter(String name, Object v0, List<Object> args) throws TemplateError {
            Object v = plain(v0);
            switch (name) {
                case "default", "d" -> {
                    boolean falsy = args.size() > 1 && truthy(args.get(1));
                    return v instanceof Undefined || falsy && !truthy(v) ? (args.isEmpty() ? "" : args.get(0)) : v;
                }
                case "int" -> {
                    Object value = defined(v);
                    Object otherwise = args.isEmpty() ? 0L : args.get(0);
                    if (value instanceof Long || value instanceof BigInteger) return value;
                    if (value instanceof Boolean b) return b ? 1L : 0L;
                    if (value instanceof Double d) return d.longValue();
                    String t = pyStr(value).strip().replace("_", "");
                    try {
                        return new BigInteger(t.startsWith("+") ? t.substring(1) : t).longValue();
                    } catch (NumberFormatException e) {
                        try {
                            return new BigDecimal(t).longValue();
                        } catch (NumberFormatException e2) {
                            return otherwise;
                        }
                    }
                }
                case "string" -> {
                    return new NativeText(pyStr(defined(v)));
                }
                case "lower" -> {
                    return pyStr(defined(v)).toLowerCase(Locale.ROOT);
                }
                case "upper" -> {
                    return pyStr(defined(v)).toUpperCase(Locale.ROOT);
                }
                case "trim" -> {
                    return pyStr(defined(v)).strip();
                }
                case "replace" -> {
                    if (args.size() != 2) throw new TemplateError("replace takes two arguments: | replace('old', 'new')");
                    return pyStr(defined(v)).replace(pyStr(args.get(0)), pyStr(args.get(1)));
                }
                default -> throw new TemplateError("the filter \"" + name + "\" is not supported in inventory templates; "
                        + "supported: default, int, string, lower, upper, trim, replace.");
            }
        }

        private Object unary() throws TemplateError {
            ws();
            if (i < s.length() && s.charAt(i) == '-' ) {
                i++;
                Object v = defined(unary());
                if (isNumber(v)) return arithmetic('-', 0L, v);
                throw new TemplateError("cannot negate " + typeName(v));
            }
            return postfix(primary());
        }

        private Object postfix(Object v) throws TemplateError {
            while (true) {
                ws();
                if (i < s.length() && s.charAt(i) == '.' && i + 1 < s.length() && Character.isLetter(s.charAt(i + 1))) {
                    i++;
                    v = member(v, identifier());
                } else if (i < s.length() && s.charAt(i) == '[') {
                    i++;
                    Object key = concat();
                    if (!eat("]")) throw unsupported();
                    v = member(v, key);
                } else if (i < s.length() && s.charAt(i) == '(') {
                    throw new TemplateError("calling functions or methods is not supported in inventory templates");
                } else {
                    return v;
                }
            }
        }

        private Object member(Object v0, Object key) {
            Object v = plain(v0);
            if (v instanceof Map<?, ?> m) {
                Object k = key instanceof String ? key : pyStr(key);
                return m.containsKey(k) ? m.get(k) : new Undefined(pyStr(key));
            }
            if (v instanceof List<?> l && (key instanceof Long n)) {
                int at = (int) (n < 0 ? l.size() + n : n);
                return at >= 0 && at < l.size() ? l.get(at) : new Undefined("[" + n + "]");
            }
            return new Undefined(v instanceof Undefined u ? u.name() + "." + pyStr(key) : pyStr(key));
        }

        private Object primary() throws TemplateError {
            ws();
            if (i >= s.length()) throw new TemplateError("\"{{" + s + "}}\" is an empty expression");
            char c = s.charAt(i);
            if (c == '(') {
                i++;
                Object v = concat();
                if (!eat(")")) throw unsupported();
                return v;
            }
            if (c == '[') {
                i++;
                List<Object> items = new ArrayList<>();
                if (!eat("]")) {
                    do {
                        items.add(defined(concat()));
                    } while (eat(","));
                    if (!eat("]")) throw unsupported();
                }
                return items;
            }
            if (c == '\'' || c == '"') {
                StringBuilder out = new StringBuilder();
                i++;
                while (i < s.length() && s.charAt(i) != c) {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                        char e = s.charAt(++i);
                        out.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> e;
                        });
                    } else {
                        out.append(s.charAt(i));
                    }
                    i++;
                }
                if (i >= s.length()) throw new TemplateError("a string in \"{{" + s + "}}\" is never closed");
                i++;
                return out.toString();
            }
            if (Character.isDigit(c)) {
                int start = i;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '.'
                        && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) i++;
                String n = s.substring(start, i).replace("_", "");
                return n.contains(".") ? (Object) Double.valueOf(n) : (Object) Long.valueOf(n);
            }
            if (Character.isLetter(c) || c == '_') {
                String name = identifier();
                switch (name) {
                    case "true", "True" -> { return Boolean.TRUE; }
                    case "false", "False" -> { return Boolean.FALSE; }
                    case "none", "None" -> { return null; }
                    case "lookup", "query", "q", "range", "hostvars", "vars" -> throw new TemplateError("\"" + name
                            + "\" is not supported in inventory templates: only the host's own variables are.");
                    default -> { }
                }
                ws();
                if (i < s.length() && s.charAt(i) == '(') {
                    throw new TemplateError("calling \"" + name + "()\" is not supported in inventory templates");
                }
                Optional<Object> v = lookup.apply(name);
                return v.isPresent() ? (v.get() == Resolver.NULL ? null : v.get()) : new Undefined(name);
            }
            throw unsupported();
        }

        private String identifier() throws TemplateError {
            ws();
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
            if (start == i) throw unsupported();
            return s.substring(start, i);
        }

        private static Object defined(Object v) throws TemplateError {
            if (v instanceof Undefined u) {
                throw new TemplateError("\"" + u.name() + "\" is undefined");
            }
            return v;
        }
    }

    static boolean truthy(Object v0) {
        Object v = plain(v0);
        if (v == null || v instanceof Undefined) return false;
        if (v instanceof Boolean b) return b;
        if (v instanceof Number n) return n.doubleValue() != 0;
        if (v instanceof String s) return !s.isEmpty();
        if (v instanceof List<?> l) return !l.isEmpty();
        if (v instanceof Map<?, ?> m) return !m.isEmpty();
        return true;
    }

    private static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof BigInteger || v instanceof Double || v instanceof Integer;
    }

    private static BigInteger big(Object v) {
        return v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
    }

    private static String typeName(Object v) {
        return v instanceof String ? "text" : v instanceof Boolean ? "a boolean" : isNumber(v) ? "a number" : v instanceof List ? "a list"
                : v instanceof Map ? "a mapping" : "None";
    }
}
