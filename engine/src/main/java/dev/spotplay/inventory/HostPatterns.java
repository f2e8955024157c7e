package dev.spotplay.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Host patterns as Ansible writes them: {@code web[01:20]} (numbers; a leading zero fixes the
 * width), {@code db-[a:c]} (letters), {@code node[1:9:2]} (a stride), several ranges in one name,
 * and an optional {@code :PORT} after the name.
 */
final class HostPatterns {
    /** More hosts than this from one pattern is a typo, not an inventory. */
    static final int MAX_HOSTS = 100_000;

    private static final Pattern RANGE = Pattern.compile("\\[([^\\[\\]]*)\\]");
    private static final Pattern BRACKETED_V6 = Pattern.compile("\\[([0-9A-Fa-f]*:[0-9A-Fa-f:.]*)\\](?::(\\d+))?");
    private static final Pattern PORT = Pattern.compile("^(.+?):(\\d+)$");
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /** A pattern that cannot be expanded; the message says why and what would be right. */
    static final class BadPattern extends Exception {
        BadPattern(String message) {
            super(message);
        }
    }

    /** A pattern split into its names and the port written after it (null if none). */
    record Expanded(List<String> names, Integer port) {}

    private HostPatterns() {}

    static Expanded parse(String pattern) throws BadPattern {
        Matcher v6 = BRACKETED_V6.matcher(pattern);
        if (v6.matches()) { // [fd00::1]:2222, as Ansible's parse_address reads it
            Integer port = v6.group(2) == null ? null : parsePort(v6.group(2));
            if (v6.group(2) != null && port == null) {
                throw new BadPattern("\"" + pattern + "\": the port must be 1..65535, not " + v6.group(2));
            }
            return new Expanded(List.of(v6.group(1)), port);
        }
        String names = pattern;
        Integer port = null;
        // Exactly one colon outside brackets is a port; IPv6 addresses have several and no port here.
        if (colonsOutsideBrackets(pattern) == 1) {
            Matcher m = PORT.matcher(pattern);
            if (!m.matches()) {
                throw new BadPattern("\"" + pattern + "\": after \":\" a port number is expected, as in web01:2222");
            }
            names = m.group(1);
            port = parsePort(m.group(2));
            if (port == null) {
                throw new BadPattern("\"" + pattern + "\": the port must be 1..65535, not " + m.group(2));
            }
        }
        List<String> out = new ArrayList<>();
        expand(names, out);
        return new Expanded(List.copyOf(out), port);
    }

    static Integer parsePort(String text) {
        try {
            int p = Integer.parseInt(text.strip());
            return p >= 1 && p <= 65535 ? p : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int colonsOutsideBrackets(String s) {
        int depth = 0;
        int colons = 0;
        for (char c : s.toCharArray()) {
            if (c == '[') depth++;
            else if (c == ']') depth--;
            else if (c == ':' && depth == 0) colons++;
        }
        return colons;
    }

    private static void expand(String name, List<String> out) throws BadPattern {
        Matcher m = RANGE.matcher(name);
        if (!m.find()) {
            if (name.indexOf('[') >= 0 || name.indexOf(']') >= 0) {
                throw new BadPattern("\"" + name + "\": unbalanced brackets; a range is written [01:20] or [a:c]");
            }
            if (out.size() >= MAX_HOSTS) {
                throw new BadPattern("\"" + name + "\" expands to more than " + MAX_HOSTS + " hosts");
            }
            out.add(name);
            return;
        }
        String head = name.substring(0, m.start());
        String tail = name.substring(m.end());
        for (String item : range(m.group(1), name)) {
            expand(head + item + tail, out);
        }
    }

    /** The items of one {@code beg:end[:step]} range. */
    private static List<String> range(String spec, String name) throws BadPattern {
        String[] parts = spec.split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new BadPattern("\"" + name + "\": a range is written [BEGIN:END] or [BEGIN:END:STEP], as in web[01:20] or db-[a:c]");
        }
        String beg = parts[0].strip().isEmpty() ? "0" : parts[0].strip();
        String end = parts[1].strip();
        if (end.isEmpty()) {
            throw new BadPattern("\"" + name + "\": the range has no end, as in web[01:20]");
        }
        int step = 1;
        if (parts.length == 3) {
            try {
                step = Integer.parseInt(parts[2].strip());
            } catch (NumberFormatException e) {
                step = 0;
            }
            if (step < 1) {
                throw new BadPattern("\"" + name + "\": the step of a range must be a whole number of at least 1, not \"" + parts[2] + "\"");
            }
        }
        List<String> items = new ArrayList<>();
        if (beg.length() == 1 && end.length() == 1 && LETTERS.indexOf(beg) >= 0 && LETTERS.indexOf(end) >= 0) {
            int from = LETTERS.indexOf(beg);
            int to = LETTERS.indexOf(end);
            if (from > to) {
                throw new BadPattern("\"" + name + "\": the range [" + spec + "] ends before it begins");
            }
            for (int i = from; i <= to; i += step) {
                items.add(String.valueOf(LETTERS.charAt(i)));
            }
            return items;
        }
        if (!beg.chars().allMatch(Character::isDigit) || !end.chars().allMatch(Character::isDigit)) {
            throw new BadPattern("\"" + name + "\": a range is numbers ([01:20]) or single letters ([a:c]), not [" + spec + "]");
        }
        int width = beg.length() > 1 && beg.startsWith("0") ? beg.length() : 0;
        if (width > 0 && end.length() != width) {
            throw new BadPattern("\"" + name + "\": with a leading zero, begin and end must have the same width, as in [01:20]");
        }
        long from;
        long to;
        try {
            from = Long.parseLong(beg);
            to = Long.parseLong(end);
        } catch (NumberFormatException e) {
            throw new BadPattern("\"" + name + "\": the range [" + spec + "] is too large");
        }
        if (from > to) {
            throw new BadPattern("\"" + name + "\": the range [" + spec + "] ends before it begins");
        }
        if ((to - from) / step >= MAX_HOSTS) {
            throw new BadPattern("\"" + name + "\" expands to more than " + MAX_HOSTS + " hosts");
        }
        for (long i = from; i <= to; i += step) {
            items.add(width > 0 ? String.format("%0" + width + "d", i) : Long.toString(i));
        }
        return items;
    }
}
