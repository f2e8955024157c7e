/**
 * How spotplay talks to a node: a {@link dev.spotplay.transport.Connection} with four verbs,
 * exec, put, fetch and close (as Ansible's connection plugins). The SSH implementation lives in
 * {@code transport.ssh} and is the only place sshj is used; {@code transport.local} is this
 * machine as a node (a static host with {@code ansible_connection=local}), a process per command.
 * {@link dev.spotplay.transport.BecomeConnection} runs any connection's verbs as another user
 * through {@code sudo -n}. Every provider (local, aws, static) reaches its nodes through this same
 * path, and every connection writes a file with the same script ({@link dev.spotplay.transport.Shell#putScript}).
 */
package dev.spotplay.transport;
