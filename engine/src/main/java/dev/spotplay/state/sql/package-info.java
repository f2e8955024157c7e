/**
 * What the SQL state backends share ({@code state.h2}, {@code state.pg}): the schema and its
 * migrations ({@link dev.spotplay.state.sql.Schema}, {@link dev.spotplay.state.sql.Migration}),
 * how records map to rows ({@link dev.spotplay.state.sql.Rows}), and the store itself
 * ({@link dev.spotplay.state.sql.SqlStateStore}), which each backend opens with its own
 * {@link dev.spotplay.state.sql.SqlStateStore.Dialect}. Used by the backends only; it names no driver.
 *
 * <p>What must stay true: one schema for every backend, its migration SQL portable (standard
 * DDL; no MERGE, no database-only types) so the history's checksums mean the same everywhere;
 * what is not portable (an upsert, an fsync, what a failure means) is the dialect's, one small
 * class per backend; every write is one transaction that raises the serial, committed before the
 * method returns; a state moved away by {@code state push|pull} ({@code meta.moved_to}) is
 * refused for reading and writing, naming where it went.
 */
package dev.spotplay.state.sql;
