/**
 * The PostgreSQL state backend, for a team: {@link dev.spotplay.state.pg.PgBackend} takes
 * {@code postgresql://HOST:PORT/DB}; one database holds many clusters, each in its own schema
 * {@code spotplay_<cluster>} with the tables and migrations of {@code state.sql}, read and written
 * by the shared {@link dev.spotplay.state.sql.SqlStateStore} through
 * {@link dev.spotplay.state.pg.PgDialect}. The only package that uses PostgreSQL's driver.
 *
 * <p>What must stay true:
 * <ul>
 *   <li>The login is libpq's ({@link dev.spotplay.state.pg.Credentials}: PGUSER, PGPASSWORD,
 *       PGPASSFILE or ~/.pgpass, PGSSLMODE), never the playbook's; a URL with a password is
 *       refused; the password reaches the driver in its properties only, and no message, log or
 *       state row holds it ({@link dev.spotplay.state.pg.PgErrors} words failures by SQLSTATE).</li>
 *   <li>One writer per cluster across machines: a session advisory lock on a key derived from the
 *       cluster's name, held for the whole command on a connection of its own
 *       ({@link dev.spotplay.state.pg.AdvisoryLock}); it dies with its holder's session. A row in
 *       {@code spotplay.locks} names the holder for the one who waits. Every write checks, in its
 *       own transaction, that the lock is still this command's, so nothing is committed by a
 *       command that lost it.</li>
 *   <li>Readers (plan, status) take no lock and read in read-only transactions: they never block a
 *       writer, nor a writer them, and they never create a schema or a row.</li>
 *   <li>Every write is committed, with {@code synchronous_commit} on, before the method returns, so
 *       before the cloud is asked for what it guards; a lost connection fails the next write with
 *       one line, and nothing after it runs.</li>
 *   <li>Every wait has a deadline: connecting and each answer of the server are bounded.</li>
 * </ul>
 */
package dev.spotplay.state.pg;
