package dev.spotplay.diag;

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
            throw new IllegalArgumentException("\"" + text + "\" has no unit; add one, e.g. " + withUnits(s));
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

    /**
     * Examples for a bare number that are themselves valid: a whole unit count as seconds or
     * minutes, a decimal in milliseconds (a duration has whole numbers of a unit), never zero.
     */
    private static String withUnits(String number) {
        java.math.BigDecimal n = new java.math.BigDecimal(number);
        if (n.signum() == 0) {
            return "\"30s\" or \"10m\" (a duration is longer than zero)";
        }
        if (n.scale() > 0 && n.stripTrailingZeros().scale() > 0) {
            java.math.BigDecimal ms = n.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP);
            return ms.signum() == 0 ? "\"500ms\" or \"30s\" (a duration is a whole number of a unit)"
                    : "\"" + ms.toPlainString() + "ms\" (a duration is a whole number of a unit)";
        }
        String whole = n.toBigInteger().toString();
        return "\"" + whole + "s\" or \"" + whole + "m\"";
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
