package dev.spotplay.diag;

import java.util.Collection;
import java.util.Optional;

/** Suggests the closest known name for a misspelt one (Damerau-Levenshtein distance). */
public final class DidYouMean {
    private DidYouMean() {}

    public static Optional<String> suggest(String given, Collection<String> known) {
        if (given == null) {
            return Optional.empty();
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = given.toLowerCase();
        // Allow about one edit per three characters, at least one, so "image" does not suggest
        // "name"; and up to two dropped letters, so the abbreviation "cnt" still finds "count".
        int allowed = Math.max(1, Math.min(3, given.length() / 3));
        for (String candidate : known) {
            String c = candidate.toLowerCase();
            int d = distance(lower, c);
            boolean close = d <= allowed || (d <= 2 && lower.length() >= 2 && isSubsequence(lower, c));
            if (close && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean isSubsequence(String shorter, String longer) {
        int i = 0;
        for (int j = 0; j < longer.length() && i < shorter.length(); j++) {
            if (shorter.charAt(i) == longer.charAt(j)) {
                i++;
            }
        }
        return i == shorter.length();
    }

    /** " Did you mean "x"?" or the empty string. */
    public static String hint(String given, Collection<String> known) {
        return suggest(given, known).map(s -> " Did you mean \"" + s + "\"?").orElse("");
    }

    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
