package dev.spotplay.inventory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes hosts, grouped, as an inventory Ansible reads: INI, YAML, or JSON in the YAML layout
 * ({@code all → children → GROUP → hosts → HOST → vars}), which Ansible's YAML plugin reads
 * from a {@code .json} file as well.
 */
public final class InventoryWriter {

    public enum Format { INI, YAML, JSON }

    /** One host and its vars, in the order they are written; values are text or numbers. */
    public record HostEntry(String name, Map<String, Object> vars) {}

    /**
     * A value Ansible's INI plugin reads back as this same text when written bare: nothing shlex
     * splits or quotes, and nothing {@code ast.literal_eval} makes a number, a bool, None or a
     * tuple (it starts with a letter, {@code _}, {@code /} or {@code ~}, holds no comma; or it is a
     * dotted address like 10.0.0.5, which Python cannot parse at all).
     */
    private static final Pattern INI_BARE = Pattern.compile("[A-Za-z_/~][A-Za-z0-9_@%+:./~-]*|[0-9]+(\\.[0-9]+){2,}");
    private static final Pattern PYTHON_WORDS = Pattern.compile("True|False|None");
    /** A name PyYAML (YAML 1.1, as Ansible reads) and YAML 1.2 both read as this text when bare. */
    private static final Pattern YAML_BARE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Pattern YAML_WORDS = Pattern.compile("(?i)y|n|yes|no|true|false|on|off|null");

    /** Names as the inventory readers and the playbook accept them, IPv6 hosts included. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_:][A-Za-z0-9_.:-]*");

    private InventoryWriter() {}

    /**
     * @param groups  group name → its hosts, in the order to write
     * @param allVars vars for every host ({@code [all:vars]}), may be empty
     * @param comment lines written first as comments (INI and YAML; JSON has none)
     */
    public static String write(Format format, Map<String, List<HostEntry>> groups, Map<String, Object> allVars, List<String> comment) {
        return switch (format) {
            case INI -> ini(groups, allVars, comment);
            case YAML -> yaml(groups, allVars, comment);
            case JSON -> json(groups, allVars);
        };
    }

    private static String ini(Map<String, List<HostEntry>> groups, Map<String, Object> allVars, List<String> comment) {
        StringBuilder out = new StringBuilder();
        comment.forEach(c -> out.append("# ").append(oneLine(c)).append('\n'));
        if (!allVars.isEmpty()) {
            // A [group:vars] line is split at its first "=" and the rest read by literal_eval, no shlex.
            out.append("\n[all:vars]\n");
            allVars.forEach((k, v) -> out.append(name(k, "variable")).append('=').append(iniLiteral(v)).append('\n'));
        }
        groups.forEach((group, hosts) -> {
            out.append('\n').append('[').append(name(group, "group")).append("]\n");
            for (HostEntry h : hosts) {
                out.append(name(h.name(), "host"));
                // A host line is split by shlex, then each value read by literal_eval: a literal inside single quotes.
                h.vars().forEach((k, v) -> {
                    String literal = iniLiteral(v);
                    out.append(' ').append(name(k, "variable")).append('=').append(literal.startsWith("\"") ? "'" + literal + "'" : literal);
                });
                out.append('\n');
            }
        });
        return out.toString();
    }

    /** The value as Ansible's INI plugin reads it back: bare when that is the same, else a Python string literal without {@code '}. */
    private static String iniLiteral(Object v) {
        if (v instanceof Number) {
            return v.toString();
        }
        String s = String.valueOf(v);
        if (INI_BARE.matcher(s).matches() && !PYTHON_WORDS.matcher(s).matches()) {
            return s;
        }
        return doubleQuoted(s);
    }

    /** Host, group and variable names are checked where they are read; one that is not plain here is a bug, not data. */
    private static String name(String name, String what) {
        if (!PLAIN_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("cannot write the " + what + " name " + name + " into an inventory");
        }
        return name;
    }

    private static String oneLine(String comment) {
        return comment.replaceAll("[\\p{Cntrl}\u2028\u2029\u0085]", " ");
    }

    private static String yaml(Map<String, List<HostEntry>> groups, Map<String, Object> allVars, List<String> comment) {
        StringBuilder out = new StringBuilder();
        comment.forEach(c -> out.append("# ").append(oneLine(c)).append('\n'));
        out.append("all:\n");
        if (!allVars.isEmpty()) {
            out.append("  vars:\n");
            allVars.forEach((k, v) -> out.append("    ").append(yamlKey(name(k, "variable"))).append(": ").append(yamlValue(v)).append('\n'));
        }
        if (groups.isEmpty()) {
            out.append("  children: {}\n");
            return out.toString();
        }
        out.append("  children:\n");
        groups.forEach((group, hosts) -> {
            out.append("    ").append(yamlKey(name(group, "group"))).append(":\n");
            if (hosts.isEmpty()) {
                out.append("      hosts: {}\n");
                return;
            }
            out.append("      hosts:\n");
            for (HostEntry h : hosts) {
                out.append("        ").append(yamlKey(name(h.name(), "host"))).append(':').append('\n');
                h.vars().forEach((k, v) -> out.append("          ").append(yamlKey(name(k, "variable"))).append(": ").append(yamlValue(v)).append('\n'));
            }
        });
        return out.toString();
    }

    private static String yamlKey(String s) {
        return YAML_BARE.matcher(s).matches() && !YAML_WORDS.matcher(s).matches() ? s : doubleQuoted(s);
    }

    private static String yamlValue(Object v) {
        return v instanceof Number ? v.toString() : doubleQuoted(String.valueOf(v));
    }

    /**
     * {@code s} in double quotes, as both a Python string literal (INI values, which Ansible reads
     * with literal_eval) and a YAML double-quoted scalar read it back: the two agree on {@code \\},
     * {@code \"}, {@code \xNN} and {@code \\u} with four hex digits. Escaped: {@code '} (so the literal fits in
     * shell single quotes), and whatever either reader would take as a line break (Python's
     * splitlines and YAML 1.1 also break at U+0085, U+2028 and U+2029), fold, or refuse unescaped.
     */
    private static String doubleQuoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            if (c == '\\' || c == '"') {
                out.append('\\').appendCodePoint(c);
            } else if (c == '\'' || unsafe(c)) {
                out.append(c <= 0xff ? String.format("\\x%02x", c) : String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }

    /**
     * Characters Ansible's readers would not give back as written: controls, what Python's
     * splitlines and YAML 1.1 take as line breaks (U+0085, U+2028, U+2029), what PyYAML drops or
     * refuses unescaped (DEL, C1 controls, U+FFFE, U+FFFF, lone surrogates), and invisible format
     * characters (a zero-width space or a BOM), escaped so a reader of the file sees them.
     */
    private static boolean unsafe(int c) {
        return c < 0x20 || c >= 0x7f && c <= 0xa0 || c == 0x2028 || c == 0x2029 || c == 0xfffe || c == 0xffff
                || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.SURROGATE;
    }

    /** JSON's escapes for the characters {@link #unsafe} names: Ansible reads a .json inventory with PyYAML. */
    private static final class AnsibleEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        AnsibleEscapes() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int c) {
            // Jackson asks per UTF-16 unit: a surrogate pair is written as it is, as the UTF-8 of its code point.
            return unsafe(c) && Character.getType(c) != Character.SURROGATE ? new SerializedString(String.format("\\u%04x", c)) : null;
        }
    }

    private static String json(Map<String, List<HostEntry>> groups, Map<String, Object> allVars) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.setCharacterEscapes(new AnsibleEscapes());
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeObjectFieldStart("all");
            if (!allVars.isEmpty()) {
                g.writeObjectFieldStart("vars");
                writeVars(g, allVars);
                g.writeEndObject();
            }
            g.writeObjectFieldStart("children");
            for (var group : groups.entrySet()) {
                g.writeObjectFieldStart(group.getKey());
                g.writeObjectFieldStart("hosts");
                for (HostEntry h : group.getValue()) {
                    g.writeObjectFieldStart(h.name());
                    writeVars(g, h.vars());
                    g.writeEndObject();
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w + "\n";
    }

    private static void writeVars(JsonGenerator g, Map<String, Object> vars) throws IOException {
        for (var v : vars.entrySet()) {
            if (v.getValue() instanceof Number n) {
                g.writeNumberField(v.getKey(), n.longValue());
            } else {
                g.writeStringField(v.getKey(), String.valueOf(v.getValue()));
            }
        }
    }
}
