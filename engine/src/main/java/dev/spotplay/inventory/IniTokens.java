package dev.spotplay.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an INI host line as Ansible does (POSIX shell words): whitespace separates words,
 * single and double quotes group, a backslash escapes the next character, and {@code #} at the
 * start of a word begins a comment. Each word keeps the 1-based column where it starts.
 */
final class IniTokens {
    record Token(String text, int column) {}

    static final class BadLine extends Exception {
        final int column;

        BadLine(String message, int column) {
            super(message);
            this.column = column;
        }
    }

    private IniTokens() {}

    static List<Token> split(String line) throws BadLine {
        List<Token> out = new ArrayList<>();
        StringBuilder word = null;
        int start = 0;
        char quote = 0;
        int quoteAt = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
                continue;
            }
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    out.add(new Token(word.toString(), start + 1));
                    word = null;
                }
                continue;
            }
            if (word == null) {
                if (c == '#' || c == ';') {
                    break;
                }
                word = new StringBuilder();
                start = i;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                quoteAt = i;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
            } else {
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new BadLine("The quote " + quote + " opened here is never closed.", quoteAt + 1);
        }
        if (word != null) {
            out.add(new Token(word.toString(), start + 1));
        }
        return out;
    }

    /**
     * A value as Ansible's INI plugin reads it: after shlex, {@code ast.literal_eval} turns a
     * Python string literal ({@code "a\x27b"}, {@code 'x'}) into its text; anything else stays as
     * written (numbers and bools stay text here, as spotplay reads every INI value).
     */
    static String value(String v) {
        if (v.length() < 2 || (v.charAt(0) != '"' && v.charAt(0) != '\'') || v.charAt(v.length() - 1) != v.charAt(0)) {
            return v;
        }
        char q = v.charAt(0);
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < v.length() - 1; i++) {
            char c = v.charAt(i);
            if (c == q) {
                return v; // "a"b" is no single literal
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i >= v.length() - 1) {
                return v;
            }
            char e = v.charAt(i);
            int hex = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
            if (hex > 0) {
                if (i + hex > v.length() - 2 || !v.substring(i + 1, i + 1 + hex).matches("[0-9A-Fa-f]{" + hex + "}")) {
                    return v;
                }
                out.appendCodePoint(Integer.parseInt(v.substring(i + 1, i + 1 + hex), 16));
                i += hex;
                continue;
            }
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '0' -> out.append('\0');
                case '\\', '\'', '"' -> out.append(e);
                default -> out.append('\\').append(e);
            }
        }
        return out.toString();
    }
}
