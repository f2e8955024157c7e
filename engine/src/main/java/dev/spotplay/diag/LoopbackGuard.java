package dev.spotplay.diag;

import java.util.regex.Pattern;

/**
 * A safety net for tests and benchmarks: with {@code SPOTPLAY_LOOPBACK_ONLY=1} in the
 * environment, spotplay refuses to open a connection (SSH, cloud API) to anything but a literal
 * loopback address, so a bug can never send traffic off the machine. Names are never looked up:
 * only {@code localhost}, {@code 127.x.x.x} and {@code ::1} pass.
 */
public final class LoopbackGuard {
    public static final String ENV = "SPOTPLAY_LOOPBACK_ONLY";
    private static final Pattern V4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private LoopbackGuard() {}

    /** Also on with the system property {@code spotplay.loopbackOnly=true} (tests that run spotplay in their own JVM). */
    public static boolean active() {
        if (Boolean.getBoolean("spotplay.loopbackOnly")) {
            return true;
        }
        String v = System.getenv(ENV);
        return v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false");
    }

    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || V4.matcher(h).matches() || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    /** Throws if the guard is on and {@code host} is not loopback; {@code what} names the connection in the message. */
    public static void check(String host, String what) {
        if (active() && !isLoopback(host)) {
            throw new IllegalStateException(ENV + " is set: refusing to connect " + what + " to " + host
                    + ", which is not a loopback address");
        }
    }
}
