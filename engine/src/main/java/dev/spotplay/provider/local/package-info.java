/**
 * The {@code local} provider: every node a {@link dev.spotplay.provider.local.NodeServer} (an
 * Apache MINA SSH server in a small JVM of its own) on 127.0.0.1, with its own folder
 * {@code <workDir>/nodes/<name>/}. It is a convenience, not an isolation boundary: commands
 * run as the current user.
 *
 * <p>What must stay true: this package (and tests) is the only place MINA SSHD is used. The
 * node folder is the whole truth about a node (pid, port, log, host key, home), so
 * {@code observe} needs nothing else and never fails on a half-written folder. A pid counts
 * only if that process's command line names the node folder (pids are reused). Node
 * processes run in their own session, so they outlive the CLI and its Ctrl-C; killing one is
 * how a spot interruption looks here. The engine reaches these nodes through the same SSH
 * transport as any other provider's.
 *
 * <p>Test knob: {@code SPOTPLAY_LOCAL_HOLD=<node>:<file>} in the environment holds that one
 * node's launch (it is reported running only once {@code <file>} exists, or fails at
 * {@code start_timeout}), so an end-to-end test can show another node's setup running while
 * one is still launching. It is read from the environment only, never from a playbook.
 */
package dev.spotplay.provider.local;
