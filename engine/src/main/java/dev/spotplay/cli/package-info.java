/**
 * The command line (picocli): parses arguments, opens a {@link dev.spotplay.exec.Session},
 * renders plans and reports, asks y/N on a terminal. The only place that calls
 * {@code System.exit}, and the only place that decides whether a stack trace or a library's
 * own log line is shown (only with {@code --debug}). Exit codes: 0 success, 1 any error, 2 {@code plan --detailed-exitcode}
 * with changes.
 */
package dev.spotplay.cli;
