package dev.spotplay.inventory;

import dev.spotplay.diag.Diagnostics;
import dev.spotplay.transport.LoginNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A host's login read from its variables as Ansible's ssh connection reads them. Each setting has
 * several names, and the last one in the connection's list that is set wins whatever the
 * variables' own precedence: {@code ansible_ssh_host} over {@code ansible_host},
 * {@code ansible_ssh_port} over {@code ansible_port}, {@code ansible_ssh_user} over
 * {@code ansible_user}, {@code ansible_ssh_private_key_file} over {@code ansible_private_key_file}.
 * What spotplay does not do yet (passwords, extra ssh options, become, other connections) is
 * refused with the variable's name and where it is set, never dropped.
 */
final class Logins {
    static final List<String> ADDRESS = List.of("ansible_host", "ansible_ssh_host");
    static final List<String> PORT = List.of("ansible_port", "ansible_ssh_port");
    static final List<String> USER = List.of("ansible_user", "ansible_ssh_user");
    static final List<String> KEY = List.of("ansible_private_key_file", "ansible_ssh_private_key_file");

    /** Variables refused whatever their value, with why. */
    private static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("ansible_password", Reasons.PASSWORD), Map.entry("ansible_ssh_pass", Reasons.PASSWORD),
            Map.entry("ansible_ssh_password", Reasons.PASSWORD),
            Map.entry("ansible_become_password", Reasons.BECOME), Map.entry("ansible_become_pass", Reasons.BECOME),
            Map.entry("ansible_sudo_pass", Reasons.BECOME), Map.entry("ansible_su_pass", Reasons.BECOME),
            Map.entry("ansible_ssh_args", Reasons.SSH_ARGS), Map.entry("ansible_scp_extra_args", Reasons.SSH_ARGS),
            Map.entry("ansible_sftp_extra_args", Reasons.SSH_ARGS), Map.entry("ansible_ssh_executable", Reasons.SSH_ARGS),
            Map.entry("ansible_host_key_checking", Reasons.HOST_KEYS), Map.entry("ansible_ssh_host_key_checking", Reasons.HOST_KEYS));
    /** Variables whose value is a secret, which a diagnostic must not quote. */
    private static final java.util.Set<String> SECRETS = java.util.Set.of("ansible_password", "ansible_ssh_pass", "ansible_ssh_password",
            "ansible_become_password", "ansible_become_pass", "ansible_sudo_pass", "ansible_su_pass");
    /** Variables that ask Ansible to become another user; refused when ansible_become is on. */
    private static final List<String> BECOME = List.of("ansible_become_user", "ansible_become_method", "ansible_become_exe",
            "ansible_become_flags");

    private static final class Reasons {
        static final String PASSWORD = "password login is not supported: spotplay logs in with keys only (ansible_ssh_private_key_file, "
                + "or ssh.private_key in the playbook). Remove the password and install a key.";
        static final String BECOME = "become (sudo) from the inventory is not supported yet. Remove it, and log in as a user "
                + "that may do what the steps do.";
        static final String SSH_ARGS = "extra ssh options are not supported (a bastion is: -o ProxyJump=user@host:port in "
                + "ansible_ssh_common_args, or ssh.proxy_jump in the playbook); spotplay refuses rather than connect without them. "
                + "Remove the variable, or reach the host directly.";
        static final String HOST_KEYS = "spotplay always checks host keys (pinned on first contact); it cannot be turned off.";
        static final String CONNECTION = "only ansible_connection=ssh is supported yet (local and other connections come later).";
    }

    private Logins() {}

    static Optional<HostLogin> login(Inventory inventory, String host, Diagnostics all) {
        Diagnostics diags = new Diagnostics();
        Optional<HostLogin> out = read(inventory, host, diags);
        all.addAll(diags);
        return diags.hasErrors() ? Optional.empty() : out;
    }

    /** The login, with what is wrong or unsupported added to {@code diags} (this host's alone). */
    private static Optional<HostLogin> read(Inventory inventory, String host, Diagnostics diags) {
        Resolver r = Resolver.of(inventory, host, diags);
        Map<String, Object> raw = inventory.varsOf(host);
        boolean ok = true;
        for (String name : raw.keySet()) {
            String why = REFUSED.get(name);
            if (why != null) {
                ok &= refuse(inventory, host, name, why, diags);
            }
        }
        if (raw.containsKey("ansible_become") && truthy(r.value("ansible_become"))) {
            ok &= refuse(inventory, host, "ansible_become", Reasons.BECOME, diags);
            for (String name : BECOME) {
                if (raw.containsKey(name)) {
                    ok &= refuse(inventory, host, name, Reasons.BECOME, diags);
                }
            }
        }
        for (String name : List.of("ansible_connection", "ansible_sudo", "ansible_su")) {
            if (raw.containsKey(name)) {
                Optional<Object> v = r.value(name);
                boolean refused = name.equals("ansible_connection")
                        ? v.isPresent() && !List.of("ssh", "smart").contains(String.valueOf(v.get()))
                        : truthy(v);
                if (refused) {
                    ok &= refuse(inventory, host, name + (v.isPresent() ? "=" + v.get() : ""),
                            name.equals("ansible_connection") ? Reasons.CONNECTION : Reasons.BECOME, diags, name);
                }
            }
        }
        String address = last(r, ADDRESS);
        String port = last(r, PORT);
        String user = last(r, USER);
        String key = last(r, KEY);
        Integer portNumber = null;
        if (port != null) {
            portNumber = HostPatterns.parsePort(port);
            if (portNumber == null) {
                ok &= report(inventory, host, lastName(inventory, host, PORT), diags, "Invalid port",
                        "must be a port number 1..65535, not " + LoginNames.show(port) + ".");
            }
        }
        if (user != null && LoginNames.userProblem(user) != null) {
            ok &= report(inventory, host, lastName(inventory, host, USER), diags, "Invalid user name", LoginNames.userProblem(user));
        }
        if (address != null && LoginNames.hostProblem(LoginNames.unbracketed(address)) != null) {
            ok &= report(inventory, host, lastName(inventory, host, ADDRESS), diags, "Invalid host",
                    LoginNames.hostProblem(LoginNames.unbracketed(address)));
        }
        dev.spotplay.playbook.SshConfig.Jump jump = null;
        try {
            dev.spotplay.playbook.SshConfig.Jump common = bastion(r, raw, "ansible_ssh_common_args");
            dev.spotplay.playbook.SshConfig.Jump extra = bastion(r, raw, "ansible_ssh_extra_args");
            try {
                jump = BastionArgs.either(common, extra);
            } catch (IllegalArgumentException twice) {
                throw new BadArgs("ansible_ssh_extra_args", twice.getMessage());
            }
        } catch (BadArgs bad) {
            ok &= refuse(inventory, host, bad.name, BastionArgs.WRITE + "Not understood: " + bad.getMessage() + ".", diags);
        }
        if (!ok || diags.hasErrors()) { // diags holds this host's mistakes only
            return Optional.empty();
        }
        return Optional.of(new HostLogin(host, address != null ? address : host, portNumber, user, key, jump));
    }

    private static final class BadArgs extends Exception {
        final String name;

        BadArgs(String name, String message) {
            super(message);
            this.name = name;
        }
    }

    /** The bastion variable {@code name} names, evaluated; null if unset or blank. */
    private static dev.spotplay.playbook.SshConfig.Jump bastion(Resolver r, Map<String, Object> raw, String name) throws BadArgs {
        if (!raw.containsKey(name)) {
            return null;
        }
        Optional<Object> v = r.value(name);
        if (v.isEmpty() || v.get() == null) {
            return null;
        }
        try {
            return BastionArgs.parse(Templates.pyStr(v.get()));
        } catch (IllegalArgumentException e) {
            throw new BadArgs(name, e.getMessage().replaceAll("\\.$", ""));
        }
    }

    private static boolean refuse(Inventory inventory, String host, String name, String why, Diagnostics diags) {
        return refuse(inventory, host, name, why, diags, name);
    }

    private static boolean refuse(Inventory inventory, String host, String shown, String why, Diagnostics diags, String name) {
        var at = masked(inventory.origin(host, name));
        if (inventory.firstReport(at + "\0" + shown)) {
            diags.error(at, "Unsupported: " + name, shown + " (host \"" + host + "\"): " + why);
        }
        return false;
    }

    private static boolean report(Inventory inventory, String host, String name, Diagnostics diags, String summary, String detail) {
        var at = masked(inventory.origin(host, name));
        if (inventory.firstReport(at + "\0" + summary + detail)) {
            diags.error(at, summary, name + " of host \"" + host + "\": " + detail);
        }
        return false;
    }

    /** {@code at} without its quoted line if that line sets a secret: a diagnostic says where a password is, never what. */
    static dev.spotplay.diag.SourceRange masked(dev.spotplay.diag.SourceRange at) {
        String line = at.sourceLine() == null ? "" : at.sourceLine();
        return SECRETS.stream().anyMatch(line::contains) ? new dev.spotplay.diag.SourceRange(at.file(), at.line(), at.column(), "") : at;
    }

    /** The last of {@code names} the host sets (to something other than null), evaluated, as text. */
    private static String last(Resolver r, List<String> names) {
        String out = null;
        for (String n : names) {
            Optional<Object> v = r.value(n);
            if (v.isPresent()) {
                out = v.get() instanceof Double d && d == Math.rint(d) ? Templates.pyStr(d) : Templates.pyStr(v.get());
            }
        }
        return out;
    }

    /** The key-file variable that wins for {@code host}. */
    static String keyVariable(Inventory inventory, String host) {
        return lastName(inventory, host, KEY);
    }

    private static String lastName(Inventory inventory, String host, List<String> names) {
        String out = names.get(0);
        for (String n : names) {
            if (inventory.varsOf(host).get(n) != null) {
                out = n;
            }
        }
        return out;
    }

    /** Ansible's boolean conversion of a setting: yes, on, true, 1 (any case) are true. */
    static boolean truthy(Optional<Object> v) {
        if (v.isEmpty() || v.get() == null) return false;
        Object o = v.get();
        if (o instanceof Boolean b) return b;
        if (o instanceof Number n) return n.doubleValue() != 0;
        return List.of("yes", "on", "1", "true", "y", "t").contains(o.toString().strip().toLowerCase());
    }
}
