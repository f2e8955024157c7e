package dev.spotplay.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an INI host line as Ansible does, with Python's {@code shlex.split(line, comments=True)}:
 * space, tab, CR and LF separate words; single quotes group everything; double quotes group, and
 * in them a backslash escapes only {@code "} and {@code \}; outside quotes a backslash escapes the
 * next character; an unquoted {@code #}, even inside a word, ends the line. Each word keeps the
 * 1-based column where it starts.
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

    private static boolean space(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

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
                } else if (c == '\\' && quote == '"' && i + 1 < line.length() && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
                continue;
            }
            if (space(c)) {
                if (word != null) {
                    out.add(new Token(word.toString(), start + 1));
                    word = null;
                }
                continue;
            }
            if (c == '#') {
                break;
            }
            if (word == null) {
                word = new StringBuilder();
                start = i;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                quoteAt = i;
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    throw new BadLine("The line ends in a backslash that escapes nothing.", i + 1);
                }
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

    /** A value as Ansible's INI plugin reads it: {@code ast.literal_eval} if it is a Python literal, else the text. */
    static Object value(String v) {
        return PyLiteral.valueOf(v);
    }
}
