/**
 * The H2 state backend, the default: {@link dev.spotplay.state.h2.H2Backend} takes plain paths
 * (and {@code file:}, {@code h2:}) and the default {@code .spotplay/<name>.mv.db} beside the
 * playbook; {@link dev.spotplay.state.h2.StateFiles} opens a state file, and the shared
 * {@link dev.spotplay.state.sql.SqlStateStore} reads and writes it through
 * {@link dev.spotplay.state.h2.H2Dialect} (MERGE, the fsync, the file's failures, the backup on
 * close). The only package that uses H2.
 *
 * <p>What must stay true:
 * <ul>
 *   <li>Opening read-only (plan, status) never creates or changes a file: a missing state reads as
 *       empty, an existing one is opened with H2's {@code ACCESS_MODE_DATA=r}, and a file of an
 *       older schema is read through a migrated private copy.</li>
 *   <li>Every write is durable when its method returns, even if the process is killed the next
 *       instant: each method is one committed transaction, and the connection runs with
 *       {@code WRITE_DELAY=0}, so H2's MVStore writes the commit into the file before returning
 *       (by default it would only do so up to half a second later, from a background thread; the
 *       process test proves a save lost under SIGKILL without it). Each write then runs
 *       {@code CHECKPOINT SYNC} (an fsync) so a machine crash loses nothing either.</li>
 *   <li>One writer at a time, by an OS file lock on the sidecar {@code NAME.lock}, held until the
 *       store is closed. An OS lock rather than only a lock row because the OS drops it when its
 *       holder dies, even by {@code kill -9}: a crash never leaves a lock for a person to clear.
 *       The lock file names its holder, so the one who waits is told who and since when.</li>
 *   <li>What spotplay creates here is private: folders 0700, files 0600 (state holds host keys). A
 *       {@code .spotplay} folder or a state file of another user is refused, one of ours that others
 *       may open is made private before use ({@link dev.spotplay.state.h2.FileModes}).</li>
 *   <li>The environment's failures are the user's to act on, never "a bug": a damaged file, a full
 *       disk, a refused read each become one line naming the file (and device) and what to do
 *       ({@link dev.spotplay.state.h2.StateErrors}). A failed write throws before the change it
 *       guards is made. A file H2 closed cleanly that H2 could only open by writing has been
 *       damaged since: it is refused, never "repaired" by H2's roll-back (which can reach an empty
 *       store).</li>
 *   <li>A store that was written to leaves a whole copy, {@code NAME.mv.db.bak}, when it closes
 *       cleanly, before the lock is released ({@link dev.spotplay.state.h2.Backups}); one that was
 *       not written to costs no copy (a no-op apply writes nothing).</li>
 *   <li>H2 runs with {@code DB_CLOSE_ON_EXIT=FALSE}: only spotplay closes a store (the CLI's
 *       interrupt handling, after the write in progress), never H2's shutdown hook under a write.</li>
 *   <li>The schema is versioned ({@code meta.schema_version}, what older builds read to refuse a
 *       newer file); migrations are append-only, applied on open for update, each recorded in
 *       {@code schema_history} (version, description, SHA-256 of its SQL, when, how long,
 *       success); a file from a newer spotplay, or one whose recorded checksum differs from this
 *       build's migration, is refused, never guessed at. The migrations are
 *       {@code state.sql}'s, the same for PostgreSQL.</li>
 *   <li>The lineage (a random UUID) is written once, when the state is first opened for update,
 *       and the serial is raised in the transaction of every write: a read-only copy gets none.</li>
 * </ul>
 */
package dev.spotplay.state.h2;
