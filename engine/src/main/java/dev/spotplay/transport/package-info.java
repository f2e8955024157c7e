/**
 * How spotplay talks to a node: a {@link dev.spotplay.transport.Connection} with four verbs,
 * exec, put, fetch and close (as Ansible's connection plugins). The SSH implementation lives in
 * {@code transport.ssh} and is the only place sshj is used. Every provider (local, aws,
 * static) reaches its nodes through this same path.
 */
package dev.spotplay.transport;
