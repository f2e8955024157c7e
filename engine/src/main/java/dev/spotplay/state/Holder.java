package dev.spotplay.state;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Who holds a state for update, as others see it when they find it locked. */
public record Holder(String command, String user, String host, long pid, Instant since) {

    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** {@code apply by alice@box (pid 4242) since 2026-11-24 16:50:02 UTC} */
    public String describe() {
        return command + " by " + user + "@" + host + " (pid " + pid + ") since " + SINCE.format(since);
    }

    /** This process, about to run {@code command}. */
    public static Holder current(String command) {
        return new Holder(command, System.getProperty("user.name", "unknown"), hostname(),
                ProcessHandle.current().pid(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
