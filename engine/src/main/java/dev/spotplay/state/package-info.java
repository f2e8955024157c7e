/**
 * Recorded truth: what spotplay has created and done, as opposed to what the playbook wants.
 * {@link dev.spotplay.state.StateStore} is the interface; {@code state.h2} is the only
 * implementation and the only place JDBC is used.
 *
 * <p>What must stay true: a node is recorded before the provider is asked to create it (as an
 * intent) and after (with its id), so that a crash at any moment leaves a record the next run
 * reconciles; {@code plan} and {@code validate} never create or change a state file.
 */
package dev.spotplay.state;
