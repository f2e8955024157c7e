package dev.spotplay.modules;

/**
 * POSIX shell quoting for the scripts modules send. Kept private to this package until the
 * transport's shared {@code Shell.quote} lands; the two must agree, so swapping is one import.
 */
final class Sh {
    private Sh() {}

    /** {@code s} as one single-quoted word: {@code it's} becomes {@code 'it'\''s'}. */
    static String quote(String s) {
        if (s.isEmpty()) {
            return "''";
        }
        if (s.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || "/._-=:,+@%".indexOf(c) >= 0)) {
            return s; // a safe word reads better in --debug output and logs
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
