/**
 * Test helpers shared by every test suite (and by the modules' tests, through the engine's
 * test-jar): real SSH servers to test against ({@link dev.spotplay.testing.OpenSshServer},
 * {@link dev.spotplay.testing.MinaNode}), the tier tags ({@link dev.spotplay.testing.Integration},
 * {@link dev.spotplay.testing.EndToEnd}; untagged means unit) and small utilities. Helpers only
 * start things on loopback and clean up after themselves; every helper that starts a real
 * component (a process, a server, a socket) calls {@link dev.spotplay.testing.Tier#requireIntegration}
 * first, so the unit tier stays pure.
 */
package dev.spotplay.testing;
