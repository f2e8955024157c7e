package dev.spotplay.provider.aws;

import java.time.Duration;

/** Placeholder, filled in below. */
final class AutostopAgent {
    static final Duration MINIMUM = Duration.ofMinutes(1);

    private AutostopAgent() {}
}
