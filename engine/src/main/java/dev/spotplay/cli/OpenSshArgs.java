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
    /** The bastion's name in the ssh_config file spotplay writes for it, and its host key alias in the same known_hosts file. */
    static final String BASTION_ALIAS = "spotplay-bastion";
    /** What ssh puts in the jump connection's shell command line besides constants: the config file's path. */
    private static final java.util.regex.Pattern SHELL_SAFE_PATH = java.util.regex.Pattern.compile("/[A-Za-z0-9/._-]+");

    private OpenSshArgs() {}

    static List<String> argv(Endpoint e, Path knownHosts, List<String> command) {
        return argv(e, knownHosts, null, command);
    }

    /**
     * As above; a node behind a bastion ({@link Endpoint#via}) goes through {@code -J} with the
     * constant {@link #BASTION_ALIAS}, which {@code jumpConfig} (the {@code -F} file, written by
     * {@link #jumpConfig}) defines: ssh hands the jump connection {@code -F} but none of the
     * {@code -o} options, so every setting of the bastion is in that file.
     */
    static List<String> argv(Endpoint e, Path knownHosts, Path jumpConfig, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("ssh"));
        if (e.via() != null) {
            if (jumpConfig == null) {
                throw new IllegalArgumentException("a node behind a bastion needs the bastion's config file");
            }
            // ssh runs the jump as a shell command line "ssh -F PATH -W ... spotplay-bastion": the path must be one word.
            if (!SHELL_SAFE_PATH.matcher(jumpConfig.toString()).matches()) {
                throw new UserError("The temporary folder " + jumpConfig.getParent() + " has characters OpenSSH would put "
                        + "unquoted into the bastion's command line; set TMPDIR to a folder named with letters, digits, . _ - and /.");
            }
            cmd.addAll(List.of("-F", jumpConfig.toString(), "-J", BASTION_ALIAS));
        }
        cmd.addAll(List.of(
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

    /** The ssh_config file that defines {@link #BASTION_ALIAS}: the bastion's address, user, port and key, checked against {@code knownHosts}. */
    static String jumpConfig(Endpoint via, Path knownHosts) {
        // Whether ssh expands %-tokens in User depends on its version: a user with % (refused where read) is refused here too.
        if (via.user().contains("%")) {
            throw new UserError("The bastion's user " + dev.spotplay.transport.LoginNames.show(via.user()) + " holds \"%\", which "
                    + "OpenSSH may read as a token; " + dev.spotplay.transport.LoginNames.userProblem(via.user()));
        }
        return "Host " + BASTION_ALIAS + "\n"
                + "  HostName " + configWord(tokens(via.host())) + "\n"
                + "  User " + configWord(via.user()) + "\n"
                + "  Port " + via.port() + "\n"
                + "  IdentityFile " + configWord(tokens(via.privateKey().toString())) + "\n"
                + "  IdentitiesOnly yes\n"
                + "  UserKnownHostsFile " + configWord(tokens(knownHosts.toString())) + "\n"
                + "  GlobalKnownHostsFile /dev/null\n"
                + "  StrictHostKeyChecking yes\n"
                + "  HostKeyAlias " + BASTION_ALIAS + "\n"
                + "  LogLevel ERROR\n"
                + "  ConnectTimeout " + Math.max(1, via.connectTimeout().toSeconds()) + "\n"
                + "  ProxyCommand none\n"
                + "  ProxyJump none\n"
                + "  PermitLocalCommand no\n";
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
