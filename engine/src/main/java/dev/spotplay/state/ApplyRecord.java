package dev.spotplay.state;

import java.time.Instant;

/** One command that changed the cluster (apply or destroy): who, when, how it ended. */
public record ApplyRecord(String id, String command, String holder, Instant startedAt, Instant finishedAt, String result) {}
