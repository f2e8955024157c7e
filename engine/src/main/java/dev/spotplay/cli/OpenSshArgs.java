package dev.spotplay.cli;

import dev.spotplay.diag.UserError;
import dev.spotplay.transport.Endpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The argument list for OpenSSH's {@code ssh} that logs in as spotplay does. Built so that no
 * value can be read as anything but what it is, even one that got past the checks where it was
 * read: the user goes with {@code -l}, the port with {@code -p}, the host alone after {@code --}
 * (ssh reads no option after it, and {@code -l} wins over a {@code user@} in it); paths go in
 * {@code -o} lines (not {@code -i}, which ssh checks before it expands tokens), quoted as
 * ssh_config reads quotes, with their {@code %} doubled (ssh expands {@code %d}, {@code %h}...);
 * the host key alias is a constant, not a node's name.
 */
final class OpenSshArgs {
    /** The name the pinned key is filed under in the one-line known_hosts file spotplay writes for ssh. */
    static final String ALIAS = "spotplay-node";

    private OpenSshArgs() {}

    static List<String> argv(Endpoint e, Path knownHosts, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("ssh",
                "-o", "IdentityFile=" + configWord(tokens(e.privateKey().toString())),
                "-l", e.user(),
                "-p", String.valueOf(e.port()),
                "-o", "IdentitiesOnly=yes",
                "-o", "UserKnownHostsFile=" + configWord(tokens(knownHosts.toString())),
                "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "StrictHostKeyChecking=yes",
                "-o", "HostKeyAlias=" + ALIAS,
                "-o", "LogLevel=ERROR",
                "-o", "ConnectTimeout=" + Math.max(1, e.connectTimeout().toSeconds()),
                "--", e.host()));
        cmd.addAll(command);
        return cmd;
    }

    /**
     * {@code %} written so that ssh's token expansion gives it back. ssh also expands
     * {@code ${VAR}} in paths, and has no escape for it: such a path is refused.
     */
    static String tokens(String path) {
        if (path.contains("${")) {
            throw new UserError("The path " + path + " holds \"${\", which OpenSSH would replace by an environment variable; "
                    + "rename it (or the folder it is in).");
        }
        return path.replace("%", "%%");
    }

    /** One word of an ssh_config line (and of {@code -o}): double-quoted, with {@code \} and {@code "} escaped. */
    static String configWord(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
