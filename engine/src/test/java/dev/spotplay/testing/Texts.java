package dev.spotplay.testing;

/** Small text checks for assertions that {@code contains} cannot make. */
public final class Texts {
    private Texts() {}

    /** How many times {@code part} occurs in {@code text}, not overlapping: "once" is {@code count(...) == 1}. */
    public static int count(String text, String part) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException("count of an empty string");
        }
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            n++;
        }
        return n;
    }
}
