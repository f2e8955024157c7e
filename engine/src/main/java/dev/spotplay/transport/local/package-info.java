/**
 * The control machine as a node ({@code ansible_connection=local}): each command a process of
 * the current user, started with an argument array ({@code bash -c SCRIPT}, never a command line
 * built from values) in the user's home folder, as SSH would run it there. It sits behind the
 * same {@link dev.spotplay.transport.Connection} as SSH, so steps, batches and become take the
 * same path for it.
 *
 * <p>What must stay true: every wait has a deadline, and a command past its timeout is killed
 * with every process below it; output is capped as SSH's is; no thread of its own (the pumps run
 * on the caller's pool, as SSH's do).
 */
package dev.spotplay.transport.local;
