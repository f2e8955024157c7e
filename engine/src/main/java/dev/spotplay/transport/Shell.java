package dev.spotplay.transport;

import java.util.regex.Pattern;

/** Builds POSIX {@code sh} command lines. Every value spotplay puts into a remote command goes through {@link #quote}. */
public final class Shell {

    /** Characters no POSIX shell treats specially, so a word made only of them needs no quotes (as Python's shlex.quote). */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private Shell() {}

    /**
     * Quotes {@code word} so that {@code sh} reads it back as exactly one word: inside single
     * quotes nothing is special, and a single quote itself is written as {@code '"'"'}.
     *
     * @throws IllegalArgumentException if {@code word} holds a NUL, which no command line can carry
     */
    public static String quote(String word) {
        if (word.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shell word cannot contain a NUL character");
        }
        if (!word.isEmpty() && SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }
}
