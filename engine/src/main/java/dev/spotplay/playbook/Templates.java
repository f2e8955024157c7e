package dev.spotplay.playbook;

import dev.spotplay.diag.DidYouMean;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {{ }}} template language: {@code {{ path }}} where path is a name followed by keys,
 * each {@code .key} or {@code ['key']} / {@code ["key"]} ({@code data_dir}, {@code node.name},
 * {@code groups.worker}, {@code hostvars['db1.example.com'].port}), with optional filters
 * {@code | join(", ")} and {@code | default("x")}. A list renders joined by one space unless
 * {@code join} says otherwise; a mapping cannot be rendered. Deliberately small: no loops, no
 * conditions, no expressions, so that a reference can be checked before anything runs.
 */
public final class Templates {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** One key after the name: {@code .key} (letters, digits, _ and -) or a quoted {@code ['any text']}. */
    private static final Pattern KEY = Pattern.compile("\\s*(?:\\.([A-Za-z0-9_][A-Za-z0-9_-]*)|\\[\\s*(?:'([^']*)'|\"([^\"]*)\")\\s*\\])");
    private static final Pattern FILTER = Pattern.compile(
            "\\s*([A-Za-z_]+)\\s*\\(\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)')\\s*\\)\\s*");
    private static final List<String> FILTERS = List.of("join", "default");
    private static final Object UNDEFINED = new Object();

    /** What {@link #valueAt} and a {@link Reads} see at a path that names nothing. */
    public static final Object NOT_DEFINED = UNDEFINED;

    /**
     * Told each path a render looks up and the value found there ({@link #NOT_DEFINED} if none),
     * in order. The path is its segments (the name, then each key) joined by NUL, so that a
     * quoted key holding a dot stays one segment; {@link #valueAt} reads it back.
     */
    @FunctionalInterface
    public interface Reads {
        Reads NONE = (path, value) -> {};

        void read(String path, Object value);
    }

    private Templates() {}

    /**
     * A {@code {{ }}} in a text: the path it names as written, its segments (the name, then each
     * key), and where it starts (0-based offset).
     */
    public record Reference(String path, List<String> segments, int offset) {
        public Reference {
            segments = List.copyOf(segments);
        }

        /** A path of names joined by dots. */
        public Reference(String path, int offset) {
            this(path, List.of(path.split("\\.")), offset);
        }

        public String root() {
            return segments.get(0);
        }
    }

    private record Filter(String name, String arg) {}

    private record Expr(Reference ref, List<Filter> filters, boolean hasDefault) {}

    public static boolean hasTemplate(String text) {
        return text.contains("{{");
    }

    /** The references in {@code text}, in order. @throws TemplateException if a template is malformed */
    public static List<Reference> references(String text) {
        List<Reference> out = new ArrayList<>();
        for (Object part : parse(text)) {
            if (part instanceof Expr e) {
                out.add(e.ref());
            }
        }
        return out;
    }

    /** Like {@link #references} but only those without a {@code default(...)}, which must be defined. */
    public static List<Reference> requiredReferences(String text) {
        List<Reference> out = new ArrayList<>();
        for (Object part : parse(text)) {
            if (part instanceof Expr e && !e.hasDefault()) {
                out.add(e.ref());
            }
        }
        return out;
    }

    /**
     * Renders {@code text}. {@code scope} maps names to values (String, Number, Boolean, List or
     * Map); a dotted path walks into maps. @throws TemplateException for an undefined name,
     * a mapping where text is needed, or a malformed template
     */
    public static String render(String text, Map<String, Object> scope) {
        return render(text, scope, Reads.NONE);
    }

    /**
     * Like {@link #render(String, Map)}, telling {@code reads} every value the text depends on:
     * the same text over a scope with the same values at those paths renders the same.
     */
    public static String render(String text, Map<String, Object> scope, Reads reads) {
        return render(text, scope, reads, null);
    }

    /**
     * Each list's text as it renders, remembered by the list's identity (with its joiner), for
     * many renders over scopes that share their lists: one plan's nodes all see the same
     * {@code groups.<group>} lists. The lists must not change while it is in use. Not for
     * concurrent use.
     */
    public static final class ListTexts {
        private final Map<List<?>, Map<String, String>> texts = new IdentityHashMap<>();
    }

    /** Like {@link #render(String, Map, Reads)}, a list value rendered once per {@code lists}. */
    public static String render(String text, Map<String, Object> scope, Reads reads, ListTexts lists) {
        StringBuilder out = new StringBuilder();
        for (Object part : parse(text)) {
            if (part instanceof Expr e) {
                out.append(evaluate(e, scope, reads, lists));
            } else {
                out.append((String) part);
            }
        }
        return out.toString();
    }

    /** The value at a path as a {@link Reads} is told it (segments joined by NUL), or {@link #NOT_DEFINED}. */
    public static Object valueAt(String path, Map<String, Object> scope) {
        return lookup(List.of(path.split("\0", -1)), scope);
    }

    private static String evaluate(Expr e, Map<String, Object> scope, Reads reads, ListTexts lists) {
        Object value = lookup(e.ref().segments(), scope);
        reads.read(String.join("\0", e.ref().segments()), value);
        String joiner = " ";
        for (Filter f : e.filters()) {
            if (f.name().equals("default") && (value == UNDEFINED || value == null)) {
                value = f.arg();
            } else if (f.name().equals("join")) {
                joiner = f.arg();
            }
        }
        if (value == UNDEFINED) {
            throw new TemplateException("\"" + e.ref().path() + "\" is not defined." + DidYouMean.hint(e.ref().root(), scope.keySet())
                    + " Define it under \"vars:\" or add | default(\"...\").");
        }
        if (lists != null && value instanceof List<?> list) {
            String join = joiner;
            Map<String, String> byJoiner = lists.texts.computeIfAbsent(list, l -> new HashMap<>(2));
            String known = byJoiner.get(join);
            if (known == null) {
                known = scalar(e.ref().path(), list, join);
                byJoiner.put(join, known);
            }
            return known;
        }
        return scalar(e.ref().path(), value, joiner);
    }

    private static String scalar(String path, Object value, String joiner) {
        if (value == null) {
            return "";
        }
        if (value instanceof Map<?, ?>) {
            throw new TemplateException("\"" + path + "\" is a mapping and cannot be written as text; name one of its keys, e.g. {{ "
                    + path + ".key }}");
        }
        if (value instanceof List<?> list) {
            StringBuilder items = new StringBuilder();
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    items.append(joiner);
                }
                first = false;
                items.append(scalar(path, item, " "));
            }
            return items.toString();
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return value.toString();
    }

    private static Object lookup(List<String> segments, Map<String, Object> scope) {
        Object current = scope;
        for (String segment : segments) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(segment)) {
                return UNDEFINED;
            }
            current = map.get(segment);
        }
        return current;
    }

    /** Literal strings and {@link Expr}s, in order. */
    private static List<Object> parse(String text) {
        List<Object> parts = new ArrayList<>();
        int pos = 0;
        while (true) {
            int open = text.indexOf("{{", pos);
            if (open < 0) {
                parts.add(text.substring(pos));
                return parts;
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                throw new TemplateException("\"{{\" at position " + (open + 1) + " has no closing \"}}\"");
            }
            parts.add(text.substring(pos, open));
            parts.add(expression(text.substring(open + 2, close), open));
            pos = close + 2;
        }
    }

    private static Expr expression(String inner, int offset) {
        String[] pieces = splitPipes(inner);
        String path = pieces[0].strip();
        if (path.isEmpty()) {
            throw new TemplateException("\"{{ }}\" is empty; write a name such as {{ data_dir }}");
        }
        List<String> segments = segments(path);
        if (segments == null) {
            throw new TemplateException("\"{{" + inner + "}}\" is not a name; write names joined by dots, e.g. {{ node.name }}, "
                    + "or a quoted key in brackets, e.g. {{ hostvars['db1.example.com'].port }}");
        }
        List<Filter> filters = new ArrayList<>();
        boolean hasDefault = false;
        for (int i = 1; i < pieces.length; i++) {
            Matcher m = FILTER.matcher(pieces[i]);
            if (!m.matches() || !FILTERS.contains(m.group(1))) {
                throw new TemplateException("\"|" + pieces[i] + "\" is not a known filter; use | join(\", \") or | default(\"x\")");
            }
            String arg = m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3);
            filters.add(new Filter(m.group(1), arg));
            hasDefault |= m.group(1).equals("default");
        }
        return new Expr(new Reference(path, segments, offset), filters, hasDefault);
    }

    /** The name and keys of a path, or null if it is not one. */
    private static List<String> segments(String path) {
        Matcher name = NAME.matcher(path);
        if (!name.lookingAt()) {
            return null;
        }
        List<String> out = new ArrayList<>(List.of(name.group()));
        Matcher key = KEY.matcher(path);
        int pos = name.end();
        while (pos < path.length()) {
            key.region(pos, path.length());
            if (!key.lookingAt()) {
                return null;
            }
            out.add(key.group(1) != null ? key.group(1) : key.group(2) != null ? key.group(2) : key.group(3));
            pos = key.end();
        }
        return out;
    }

    /** Splits on "|" outside quotes. */
    private static String[] splitPipes(String inner) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"' && i + 1 < inner.length()) {
                    cur.append(c).append(inner.charAt(++i));
                    continue;
                }
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '|') {
                out.add(cur.toString());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        out.add(cur.toString());
        return out.toArray(String[]::new);
    }
}
