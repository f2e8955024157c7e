package dev.spotplay.state.sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One step of the state schema's history. Migrations are applied in version order, each in the
 * transaction that also records its version and its history row, so a file is always at exactly
 * one version. A released migration never changes (its checksum, recorded in the file's
 * history, would no longer match): a new need is a new migration.
 */
public record Migration(int version, String description, List<String> sql) {

    public Migration(int version, String description, String... sql) {
        this(version, description, List.of(sql));
    }

    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1: " + version);
        }
        sql = List.copyOf(sql);
    }

    /** SHA-256 of the statements, as the history records it: a migration's SQL is its identity. */
    public String checksum() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(String.join(";\n", sql).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
