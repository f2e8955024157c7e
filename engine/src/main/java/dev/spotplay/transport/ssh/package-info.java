/**
 * The SSH transport, built on sshj: {@link dev.spotplay.transport.ssh.SshConnector} opens
 * connections, an SshConnection runs each exec on its own session channel, and
 * {@link dev.spotplay.transport.ssh.KeyPairs} makes a cluster's key.
 *
 * <p>What must stay true: this is the only package that imports sshj. Nothing here needs SFTP
 * or anything beyond {@code sh -c} on the node, so every sshd works. Remote paths and values
 * reach the shell only through {@link dev.spotplay.transport.Shell#quote}. An exec never
 * outlives its timeout and never keeps more than 1 MiB of each output stream. A host key the
 * policy refuses is never retried. The transport creates no threads of its own (the caller
 * gives the connector its bounded pool for the stream pumps; alarms use the JDK's delay
 * scheduler) and never sleeps; only connect retries back off.
 *
 * <p>Every network wait has a deadline. A connect attempt as a whole (name lookup, TCP,
 * banner, key exchange, login) gets {@code connect_timeout} or what is left of the caller's
 * deadline, whichever is less; a {@link dev.spotplay.transport.ssh.SocketAlarm} closes its
 * socket when that passes, since sshj does not bound the banner at all. Once logged in, each
 * channel open, request and close waits at most 30 s, each exec its own timeout, and a peer
 * that leaves three keepalives (one every {@code connect_timeout}) unanswered is lost, which
 * ends every wait on its connection. No socket read timeout is set: it would bound each read,
 * not an attempt, and sshj's reader ignores it once connected anyway.
 */
package dev.spotplay.transport.ssh;
