package dev.spotplay.inventory;

import dev.spotplay.playbook.SshConfig;
import java.util.List;

/**
 * {@code ansible_ssh_common_args} / {@code ansible_ssh_extra_args} as spotplay understands them:
 * exactly one bastion, written as {@code -o ProxyJump=[user@]host[:port]}, {@code -J [user@]host[:port]}
 * or {@code -o ProxyCommand="ssh -W %h:%p [-q] [-l USER] [-p PORT] [user@]host"}. The words are
 * split as Ansible splits them (shlex), the ProxyCommand's own words again. Anything else (any
 * other option, a chain, a second bastion) is refused, never dropped.
 */
final class BastionArgs {
    static final String WRITE = "only a bastion is understood here, written as -o ProxyJump=user@host:port, -J user@host:port or "
            + "-o ProxyCommand=\"ssh -W %h:%p user@host\" (one bastion, no other options); spotplay refuses other ssh options "
            + "rather than connect without them. ";

    private BastionArgs() {}

    /** The bastion {@code value} names; null if it is blank. @throws IllegalArgumentException saying what is not understood */
    static SshConfig.Jump parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.indexOf('#') >= 0) {
            throw new IllegalArgumentException("it holds \"#\"");
        }
        List<String> words = words(value);
        String jump = null;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String option;
            if (w.equals("-o") || w.equals("-J")) {
                if (i + 1 >= words.size()) {
                    throw new IllegalArgumentException(w + " has no value");
                }
                option = w.equals("-J") ? "ProxyJump=" + words.get(++i) : words.get(++i);
            } else if (w.startsWith("-o")) {
                option = w.substring(2);
            } else if (w.startsWith("-J")) {
                option = "ProxyJump=" + w.substring(2);
            } else {
                throw new IllegalArgumentException("\"" + w + "\" is not a bastion option");
            }
            int eq = option.indexOf('=');
            String name = eq < 0 ? option : option.substring(0, eq);
            String v = eq < 0 ? "" : option.substring(eq + 1);
            SshConfig.Jump one;
            if (name.equalsIgnoreCase("ProxyJump")) {
                one = SshConfig.Jump.parse(v);
            } else if (name.equalsIgnoreCase("ProxyCommand")) {
                one = proxyCommand(v);
            } else {
                throw new IllegalArgumentException("the ssh option \"" + name + "\" is not a bastion");
            }
            String spec = spec(one);
            if (jump != null) {
                throw new IllegalArgumentException("it names a bastion twice");
            }
            jump = spec;
        }
        return jump == null ? null : SshConfig.Jump.parse(jump);
    }

    /** A bastion from two variables (common and extra args): at most one of them may name one. */
    static SshConfig.Jump either(SshConfig.Jump common, SshConfig.Jump extra) {
        if (common != null && extra != null) {
            throw new IllegalArgumentException("both ansible_ssh_common_args and ansible_ssh_extra_args name a bastion");
        }
        return common != null ? common : extra;
    }

    /** {@code ssh -W %h:%p [-q] [-l USER] [-p PORT] [user@]host}, nothing more. */
    private static SshConfig.Jump proxyCommand(String command) {
        List<String> w = words(command);
        if (w.isEmpty() || !w.get(0).equals("ssh")) {
            throw new IllegalArgumentException("the ProxyCommand is not \"ssh -W %h:%p ...\"");
        }
        String user = null;
        String port = null;
        String host = null;
        boolean forwards = false;
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            switch (a) {
                case "-W" -> {
                    String target = i + 1 < w.size() ? w.get(++i) : "";
                    if (!target.equals("%h:%p") && !target.equals("[%h]:%p")) {
                        throw new IllegalArgumentException("the ProxyCommand forwards to \"" + target + "\", not %h:%p");
                    }
                    forwards = true;
                }
                case "-q" -> { }
                case "-l" -> user = i + 1 < w.size() ? w.get(++i) : "";
                case "-p" -> port = i + 1 < w.size() ? w.get(++i) : "";
                default -> {
                    if (a.startsWith("-") || host != null) {
                        throw new IllegalArgumentException("the ProxyCommand has \"" + a + "\", which is more than a bastion");
                    }
                    host = a;
                }
            }
        }
        if (!forwards || host == null) {
            throw new IllegalArgumentException("the ProxyCommand is not \"ssh -W %h:%p [user@]host\"");
        }
        SshConfig.Jump j = SshConfig.Jump.parse(host);
        String u = user != null ? user : j.user();
        String spec = (u != null ? u + "@" : "") + (j.host().contains(":") ? "[" + j.host() + "]" : j.host())
                + (port != null ? ":" + port : j.port() > 0 ? ":" + j.port() : "");
        return SshConfig.Jump.parse(spec);
    }

    private static String spec(SshConfig.Jump j) {
        return (j.user() != null ? j.user() + "@" : "") + (j.host().contains(":") ? "[" + j.host() + "]" : j.host())
                + (j.port() > 0 ? ":" + j.port() : "");
    }

    private static List<String> words(String text) {
        try {
            return IniTokens.split(text).stream().map(IniTokens.Token::text).toList();
        } catch (IniTokens.BadLine e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
