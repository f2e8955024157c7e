/**
 * Diagnostics: what spotplay tells a user about a mistake in what they wrote.
 *
 * <p>A {@link dev.spotplay.diag.Diagnostic} carries a {@link dev.spotplay.diag.SourceRange}
 * (file, line, column, and the source line itself) so that it renders like a compiler error.
 * Diagnostics are collected, never thrown one at a time: a user fixes all their mistakes in one
 * round. It also holds the few helpers every layer shares ({@link dev.spotplay.diag.Durations},
 * {@link dev.spotplay.diag.LoopbackGuard}, {@link dev.spotplay.diag.Sha256}). This package depends
 * on nothing else in spotplay.
 */
package dev.spotplay.diag;
