package dev.spotplay.inventory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
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

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./~-]+");
    private static final Pattern PLAIN_YAML = Pattern.compile("[A-Za-z0-9_./~-][A-Za-z0-9_@%+=,./~-]*");

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
        comment.forEach(c -> out.append("# ").append(c).append('\n'));
        if (!allVars.isEmpty()) {
            out.append("\n[all:vars]\n");
            allVars.forEach((k, v) -> out.append(k).append('=').append(iniValue(v)).append('\n'));
        }
        groups.forEach((group, hosts) -> {
            out.append('\n').append('[').append(group).append("]\n");
            for (HostEntry h : hosts) {
                out.append(h.name());
                h.vars().forEach((k, v) -> out.append(' ').append(k).append('=').append(iniValue(v)));
                out.append('\n');
            }
        });
        return out.toString();
    }

    private static String iniValue(Object v) {
        String s = String.valueOf(v);
        if (PLAIN.matcher(s).matches()) {
            return s;
        }
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String yaml(Map<String, List<HostEntry>> groups, Map<String, Object> allVars, List<String> comment) {
        StringBuilder out = new StringBuilder();
        comment.forEach(c -> out.append("# ").append(c).append('\n'));
        out.append("all:\n");
        if (!allVars.isEmpty()) {
            out.append("  vars:\n");
            allVars.forEach((k, v) -> out.append("    ").append(yamlKey(k)).append(": ").append(yamlValue(v)).append('\n'));
        }
        if (groups.isEmpty()) {
            out.append("  children: {}\n");
            return out.toString();
        }
        out.append("  children:\n");
        groups.forEach((group, hosts) -> {
            out.append("    ").append(yamlKey(group)).append(":\n");
            if (hosts.isEmpty()) {
                out.append("      hosts: {}\n");
                return;
            }
            out.append("      hosts:\n");
            for (HostEntry h : hosts) {
                out.append("        ").append(yamlKey(h.name())).append(':');
                if (h.vars().isEmpty()) {
                    out.append('\n');
                    continue;
                }
                out.append('\n');
                h.vars().forEach((k, v) -> out.append("          ").append(yamlKey(k)).append(": ").append(yamlValue(v)).append('\n'));
            }
        });
        return out.toString();
    }

    private static String yamlKey(String s) {
        return PLAIN_YAML.matcher(s).matches() && !looksSpecial(s) ? s : quoted(s);
    }

    private static String yamlValue(Object v) {
        if (v instanceof Number) {
            return v.toString();
        }
        return quoted(String.valueOf(v));
    }

    /** Words YAML would read as something other than text. */
    private static boolean looksSpecial(String s) {
        return s.matches("(?i)true|false|yes|no|on|off|null|~|[-+]?[0-9][0-9_.eE+-]*");
    }

    /** A double-quoted YAML scalar: JSON's string escapes are valid YAML. */
    private static String quoted(String s) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
    }

    private static String json(Map<String, List<HostEntry>> groups, Map<String, Object> allVars) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
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
