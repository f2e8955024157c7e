/**
 * Recorded truth: what spotplay has created and done, as opposed to what the playbook wants.
 * The contract lives here: {@link dev.spotplay.state.StateStore} (the records, the lineage and
 * serial, the schema history), {@link dev.spotplay.state.StateLocation} (opening read-only or
 * for update under the lock, as a {@link dev.spotplay.state.Holder}), {@link dev.spotplay.state.Locks}
 * (the --lock-timeout wait and the message naming the holder) and the
 * {@link dev.spotplay.state.StateBackend} SPI, found with ServiceLoader and chosen by the
 * {@code --state} location string ({@link dev.spotplay.state.StateBackends}). Each backend is a
 * subpackage ({@code state.h2}, the default; {@code state.pg}, PostgreSQL for a team), sharing the
 * SQL store of {@code state.sql}, and the only place its database's driver is used;
 * nothing outside {@code state} names one. {@code StateStoreContract} (test) is what a backend
 * must pass.
 *
 * <p>What must stay true: a node is recorded before the provider is asked to create it (as an
 * intent) and after (with its id), so that a crash at any moment leaves a record the next run
 * reconciles; a machine a replacement wave keeps running beside its replacement is recorded
 * ({@link dev.spotplay.state.Replacing}) before its name's record becomes the replacement's intent;
 * {@code plan} and {@code validate} never create or change a state; one writer at a
 * time, and a lock dies with its holder; a state's lineage never changes once made, and its
 * serial rises with every committed write (so equal lineage and serial mean the same state).
 */
package dev.spotplay.state;
