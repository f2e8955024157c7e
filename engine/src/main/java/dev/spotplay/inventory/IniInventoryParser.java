package dev.spotplay.inventory;

import dev.spotplay.diag.Diagnostics;
import dev.spotplay.playbook.Source;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's INI inventory: {@code [group]} sections of host lines
 * ({@code web[01:04] ansible_host=10.0.0.5 ansible_port=2222}), {@code [group:vars]} sections of
 * {@code key=value} lines, {@code [group:children]} sections of group names; {@code #} and
 * {@code ;} at the start of a line make it a comment; host lines before any section are
 * ungrouped. As in Ansible's INI plugin, a host line is split into words like a shell line (an
 * unquoted {@code #} ends it), a {@code [group:vars]} line is split at its first {@code =} with no
 * comment removed, and every value is then read as a Python literal if it is one
 * ({@code 2222} a number, {@code True} a boolean, {@code "it\x27s"} its text), else kept as text.
 * A {@code [group:children]} line must name a group this file (or an earlier source) defines by
 * the end of the file, as Ansible requires.
 */
final class IniInventoryParser {
    private static final Pattern SECTION = Pattern.compile("\\[([^:\\]\\s]+)(?::([^\\]\\s]*))?\\]\\s*(?:#.*)?");
    private static final Pattern CHILD = Pattern.compile("([^:\\]\\s]+)\\s*(?:#.*)?");
    private static final List<String> KINDS = List.of("vars", "children");

    private enum Kind { HOSTS, VARS, CHILDREN }

    private final Source source;
    private final Diagnostics diags;
    private final InventoryBuilder builder;

    IniInventoryParser(Source source, Diagnostics diags, InventoryBuilder builder) {
        this.source = source;
        this.diags = diags;
        this.builder = builder;
    }

    private final Map<String, dev.spotplay.diag.SourceRange> pendingChildren = new LinkedHashMap<>();
    private final Map<String, String> pendingParent = new LinkedHashMap<>();

    void parse(String text) {
        lines(text);
        for (Map.Entry<String, dev.spotplay.diag.SourceRange> c : pendingChildren.entrySet()) {
            if (!builder.isDeclared(c.getKey())) {
                String parent = pendingParent.get(c.getKey());
                diags.error(c.getValue(), "Undefined child group", "[" + parent + ":children] includes group \"" + c.getKey()
                        + "\", which no section defines (Ansible refuses this too). Add a [" + c.getKey() + "] section with its hosts, "
                        + "or a [" + c.getKey() + ":children] section, or fix the name."
                        + dev.spotplay.diag.DidYouMean.hint(c.getKey(), builder.declaredNames()));
            }
        }
    }

    private void lines(String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        Kind kind = Kind.HOSTS;
        String group = null;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String raw = lines[i];
            String line = raw.strip();
            int indent = raw.length() - raw.stripLeading().length() + 1;
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            Matcher m = SECTION.matcher(line);
            if (m.matches() || line.startsWith("[") && line.endsWith("]")) {
                if (!m.matches()) {
                    diags.error(source.at(lineNo, indent), "Invalid section header",
                            "A section is [group], [group:vars] or [group:children], with no spaces in the name.");
                    kind = null;
                    continue;
                }
                group = m.group(1);
                String suffix = m.group(2);
                if (suffix == null) {
                    kind = Kind.HOSTS;
                    builder.group(group, source.at(lineNo, indent));
                } else if (suffix.equals("vars")) {
                    kind = Kind.VARS;
                    builder.groupVarsSection(group, source.at(lineNo, indent));
                } else if (suffix.equals("children")) {
                    kind = Kind.CHILDREN;
                    builder.group(group, source.at(lineNo, indent));
                } else {
                    diags.error(source.at(lineNo, indent + group.length() + 2), "Unknown section type",
                            "[" + group + ":" + suffix + "] is not a section Ansible knows: use [" + group + ":vars] or ["
                                    + group + ":children]." + dev.spotplay.diag.DidYouMean.hint(suffix, KINDS));
                    kind = null;
                }
                continue;
            }
            if (kind == null) {
                continue; // inside a broken section header: reported once, at the header
            }
            switch (kind) {
                case HOSTS -> hostLine(group, raw, lineNo);
                case VARS -> varLine(group, raw, lineNo);
                case CHILDREN -> childLine(group, raw, line, lineNo, indent);
            }
        }
    }

    private void hostLine(String group, String raw, int lineNo) {
        List<IniTokens.Token> tokens;
        try {
            tokens = IniTokens.split(raw);
        } catch (IniTokens.BadLine e) {
            diags.error(source.at(lineNo, e.column), "Invalid host line", e.getMessage());
            return;
        }
        if (tokens.isEmpty()) {
            return;
        }
        IniTokens.Token pattern = tokens.get(0);
        Map<String, Object> vars = new LinkedHashMap<>();
        Map<String, dev.spotplay.diag.SourceRange> origins = new LinkedHashMap<>();
        boolean ok = true;
        for (IniTokens.Token t : tokens.subList(1, tokens.size())) {
            int eq = t.text().indexOf('=');
            if (eq <= 0) {
                diags.error(source.at(lineNo, t.column()), "Expected key=value",
                        "After the host, a host line has only variables written key=value (e.g. ansible_port=2222), not \""
                                + t.text() + "\". Quote a value that holds spaces.");
                ok = false;
                continue;
            }
            String key = t.text().substring(0, eq);
            Object value = IniTokens.value(t.text().substring(eq + 1));
            ok &= builder.checkVar(key, value, source.at(lineNo, t.column()), source.at(lineNo, t.column() + eq + 1));
            vars.put(key, value);
            origins.put(key, source.at(lineNo, t.column()));
        }
        HostPatterns.Expanded expanded;
        try {
            expanded = HostPatterns.parse(pattern.text());
        } catch (HostPatterns.BadPattern e) {
            diags.error(source.at(lineNo, pattern.column()), "Invalid host pattern", capitalize(e.getMessage()) + ".");
            return;
        }
        if (!ok) {
            return;
        }
        for (String name : expanded.names()) {
            builder.host(group == null ? Inventory.UNGROUPED : group, name, vars, origins, expanded.port(), source.at(lineNo, pattern.column()));
        }
    }

    private void varLine(String group, String raw, int lineNo) {
        String line = raw.strip();
        int column = raw.indexOf(line) + 1;
        int eq = line.indexOf('=');
        if (eq <= 0) {
            diags.error(source.at(lineNo, column), "Expected key=value",
                    "A line in [" + group + ":vars] is a variable written key=value, e.g. ansible_user=deploy.");
            return;
        }
        String key = line.substring(0, eq).strip();
        Object value = IniTokens.value(line.substring(eq + 1).strip());
        int valueColumn = column + eq + 1 + (line.substring(eq + 1).length() - line.substring(eq + 1).stripLeading().length());
        if (builder.checkVar(key, value, source.at(lineNo, column), source.at(lineNo, valueColumn))) {
            builder.groupVar(group, key, value, source.at(lineNo, column));
        }
    }

    private void childLine(String group, String raw, String line, int lineNo, int column) {
        Matcher m = CHILD.matcher(line);
        if (!m.matches()) {
            diags.error(source.at(lineNo, column), "Invalid child group",
                    "A line in [" + group + ":children] is one group name, not \"" + line + "\".");
            return;
        }
        String child = m.group(1);
        if (!builder.isDeclared(child)) {
            pendingChildren.putIfAbsent(child, source.at(lineNo, column));
            pendingParent.putIfAbsent(child, group);
        }
        builder.child(group, child, source.at(lineNo, column));
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
