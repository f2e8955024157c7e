/**
 * The SSH transport, built on sshj: {@link dev.spotplay.transport.ssh.SshConnector} opens
 * connections, an SshConnection runs each exec on its own session channel, and
 * {@link dev.spotplay.transport.ssh.KeyPairs} makes a cluster's key.
 *
 * <p>What must stay true: this is the only package that imports sshj. Nothing here needs SFTP
 * or anything beyond {@code sh -c} on the node, so every sshd works. Remote paths and values
 * reach the shell only through {@link dev.spotplay.transport.Shell#quote}. An exec never
 * outlives its timeout and never keeps more than 1 MiB of each output stream. A host key the
 * policy refuses is never retried. The hot path creates no threads of its own (a shared,
 * reused pool pumps the streams) and never sleeps; only connect retries back off.
 */
package dev.spotplay.transport.ssh;
