package dev.spotplay.playbook;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users write them: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}, {@code 1h30m}. */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    /** @throws IllegalArgumentException with a message that says what a duration looks like */
    public static Duration parse(String text) {
        String s = text.strip();
        if (s.matches("\\d+(\\.\\d+)?")) {
            throw new IllegalArgumentException("\"" + text + "\" has no unit; add one, e.g. \"" + s + "s\" or \"" + s + "m\"");
        }
        if (!WHOLE.matcher(s).matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration; write e.g. 500ms, 30s, 10m, 2h or 1h30m");
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(s);
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" is too long a duration");
        }
        return total;
    }

    /** The inverse of {@link #parse}, in the largest units that are exact: {@code 1h30m}, {@code 1s500ms}, {@code 0s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                out.append(ms / sizes[i]).append(units[i]);
                ms %= sizes[i];
            }
        }
        return out.toString();
    }
}
