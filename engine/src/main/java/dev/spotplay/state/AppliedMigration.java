package dev.spotplay.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One row of a state's schema history, as Flyway keeps it: which migration ran, the checksum of
 * its SQL, when, how long it took, and whether it succeeded. A migration applied before the
 * history was kept has no time and no duration: it is recorded, when the history is made, as
 * already there.
 */
public record AppliedMigration(int version, String description, String checksum, Optional<Instant> installedOn,
                               Optional<Duration> executionTime, boolean success) {}
