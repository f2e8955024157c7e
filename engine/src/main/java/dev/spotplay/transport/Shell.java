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

    /**
     * sh text that writes its stdin to {@code path} (in folder {@code parent}, file {@code name})
     * as every connection's put does: under a temporary name in the same folder, then renamed, so
     * a reader sees the old file or the whole new one, never a half-written one; umask 077 keeps a
     * secret private until the chmod; every path after "--", since one the playbook names may
     * start with "-".
     */
    public static String putScript(String path, int mode) {
        return putScript(path, mode, -1);
    }

    /**
     * {@link #putScript(String, int)}, which with {@code expectedBytes} at least 0 renames the
     * file into place only if exactly that many bytes arrived: a sender whose file shrank or
     * failed to read while it streamed leaves the old file as it was.
     */
    public static String putScript(String path, int mode, long expectedBytes) {
        String parent = parentOf(path);
        String name = path.substring(path.lastIndexOf('/') + 1);
        String count = expectedBytes < 0 ? ""
                : "; n=$(wc -c < \"$t\" | tr -d ' '); [ \"$n\" = " + expectedBytes + " ] || { echo \"received $n of "
                        + expectedBytes + " bytes\" >&2; exit 1; }";
        return "set -e; mkdir -p -- " + quote(parent)
                + "; t=" + quote(parent + "/." + name + ".spotplay-tmp") + ".$$"
                + "; trap 'rm -f -- \"$t\"' EXIT"
                + "; (umask 077; cat > \"$t\")"
                + count
                + "; chmod " + String.format("%04o", mode) + " -- \"$t\""
                + "; mv -f -- \"$t\" " + quote(path);
    }

    /** The folder of {@code path} as dirname says it. */
    public static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return ".";
        }
        return slash == 0 ? "/" : path.substring(0, slash);
    }
}
