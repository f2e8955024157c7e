/**
 * The {@code local} provider: every node of a cluster served on 127.0.0.1 by one
 * {@link dev.spotplay.provider.local.ClusterDaemon} (a JVM running one Apache MINA SSH server
 * that binds a port per node), each node with its own folder {@code <workDir>/nodes/<name>/}
 * (host key, {@code home/}, pid and port files) and a tiny anchor process of its own. It is a
 * convenience, not an isolation boundary: commands run as the current user.
 *
 * <p>What must stay true: this package (and tests) is the only place MINA SSHD is used. The
 * node folder is the whole truth about a node (pid, port, host key, home), so {@code observe}
 * needs nothing else and never fails on a half-written folder. A pid counts only if that
 * process's last argument is the node folder (pids are reused). The daemon runs in its own
 * session, so nodes outlive the CLI and its Ctrl-C; killing a node's anchor (its pid file) is
 * how a spot interruption looks here, and the daemon then drops that node (port closed,
 * connections cut, what its commands left running killed). The daemon exits once its last node
 * is gone. {@code spotplay stop} pauses a node: the daemon writes a {@code stopped} marker (why)
 * first, then ends its port and anchor and removes its pid and port files; its folder, home, host
 * key and {@code id} (its provider id, kept so a resumed node is the same machine) stay, and
 * {@code observe} reports it stopped, not gone, until {@code start} serves it again on a new port.
 * {@code autostop} is kept by the daemon too: a node folder's {@code autostop} file (written by
 * the provider at launch and by {@code update}) gives the idle time and action; a node with no
 * SSH connection for that long pauses itself as above (marker {@code autostopped: ...}) or, for
 * {@code terminate}, ends with only a {@code gone} marker left in its folder.
 * Each node speaks SFTP (MINA's, relative paths from its home), and legacy SCP through
 * the machine's {@code scp}, as OpenSSH does. The engine reaches these nodes through the same
 * SSH transport as any other provider's.
 *
 * <p>Test knob: {@code SPOTPLAY_LOCAL_HOLD=<node>:<file>} in the environment holds that one
 * node's launch (it is reported running only once {@code <file>} exists, or fails at
 * {@code start_timeout}), so an end-to-end test can show another node's setup running while
 * one is still launching. It is read from the environment only, never from a playbook.
 */
package dev.spotplay.provider.local;
