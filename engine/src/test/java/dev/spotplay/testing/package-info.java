/**
 * Test helpers shared by every test suite (and by the modules' tests, through the engine's
 * test-jar): real SSH servers to test against ({@link dev.spotplay.testing.OpenSshServer},
 * {@link dev.spotplay.testing.MinaNode}) and small utilities. Helpers only start things on
 * loopback and clean up after themselves.
 */
package dev.spotplay.testing;
