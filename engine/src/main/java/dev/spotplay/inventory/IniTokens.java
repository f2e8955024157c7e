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
}
