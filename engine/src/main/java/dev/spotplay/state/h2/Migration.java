package dev.spotplay.state.h2;

import java.util.List;

/**
 * One step of the state schema's history. Migrations are applied in version order, each in the
 * transaction that also records its version, so a file is always at exactly one version.
 * A released migration never changes: a new need is a new migration.
 */
record Migration(int version, String description, List<String> sql) {

    Migration(int version, String description, String... sql) {
        this(version, description, List.of(sql));
    }

    Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1: " + version);
        }
        sql = List.copyOf(sql);
    }
}
