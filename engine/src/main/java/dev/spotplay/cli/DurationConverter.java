package dev.spotplay.cli;

import dev.spotplay.diag.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Parses durations on the command line exactly as in playbooks ({@code 30s}, {@code 5m}, {@code 1h30m}). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: write e.g. 30s, 5m or 1h30m");
        }
    }
}
