package dev.spotplay.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * What a login user, a host and a port may be, checked where a playbook, an inventory, the cloud
 * or the state hands one over. Every value that passes is a single word that no ssh, shell or
 * ssh_config reader takes for an option, a token ({@code %h}), a second word or a
 * {@code user@host}: no leading {@code -}, no whitespace, no quotes, no {@code % @ : / $ ;}
 * (IPv6 literals aside, whose colons and hex digits are all they hold). Names are never looked up.
 */
public final class LoginNames {
    /** POSIX portable user names (IEEE Std 1003.1 3.437), with Samba's trailing {@code $}; 32 as useradd allows. */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]*\\$?");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    /** Only digits and dots, like 256.1.1.1 or 123: a wrong IPv4 address (resolvers read 123 as 0.0.0.123), not a name. */
    private static final Pattern IPV4_LIKE = Pattern.compile("[0-9.]+");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern HOST_KEY = Pattern.compile("[A-Za-z0-9@.-]{1,64} [A-Za-z0-9+/]{16,16384}={0,2}");
    private static final int MAX_HOST = 253;

    private LoginNames() {}

    /** Null if {@code user} is a login name, else what is wrong and what would be right. */
    public static String userProblem(String user) {
        if (user != null && user.length() <= 32 && USER.matcher(user).matches()) {
            return null;
        }
        return show(user) + " is not a user name: a login name is 1 to 32 letters, digits, dots, underscores and hyphens, "
                + "not starting with a hyphen (a final $ is allowed), e.g. deploy or ubuntu.";
    }

    /** Null if {@code host} is a DNS name, an IPv4 address or an IPv6 address (without brackets), else what is wrong. */
    public static String hostProblem(String host) {
        if (host != null && (isDnsName(host) || isIpv4(host) || isIpv6(host))) {
            return null;
        }
        return show(host) + " is not a host name or address: write a DNS name (dot-separated labels of letters, digits "
                + "and hyphens, not starting or ending with a hyphen), an IPv4 address such as 10.0.0.5 or an IPv6 "
                + "address such as fd00::5.";
    }

    /** Null if {@code port} is 1..65535. */
    public static String portProblem(int port) {
        return port >= 1 && port <= 65535 ? null : "the port must be a number from 1 to 65535, not " + port + ".";
    }

    public static boolean isDnsName(String host) {
        if (host.isEmpty() || host.length() > MAX_HOST || IPV4_LIKE.matcher(host).matches() && !isIpv4(host)) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    public static boolean isIpv4(String host) {
        if (!IPV4.matcher(host).matches()) {
            return false;
        }
        for (String octet : host.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    /** An IPv6 literal, without zone ({@code %eth0}, which ssh would read as a token) and without brackets. */
    public static boolean isIpv6(String host) {
        if (host.indexOf(':') < 0 || host.length() > 45 || !IPV6_CHARS.matcher(host).matches()) {
            return false;
        }
        try {
            // A literal with ':' is parsed, never looked up.
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Null if {@code key} is one known_hosts key, {@code TYPE BASE64}, else what is wrong. */
    public static String hostKeyProblem(String key) {
        return key != null && HOST_KEY.matcher(key).matches() ? null
                : "is not a key type and its base64 (like ssh-ed25519 AAAAC3Nz...), so it is not used.";
    }

    /** Ansible takes an IPv6 address in brackets too ({@code [fd00::5]}); ssh and sshj take it bare. */
    public static String unbracketed(String host) {
        return host.length() > 2 && host.startsWith("[") && host.endsWith("]") && host.indexOf(':') > 0
                ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * {@code value} quoted for a message, control characters shown as escapes and long values
     * cut, so that a hostile value can neither break the line nor flood the terminal.
     */
    public static String show(String value) {
        if (value == null) {
            return "nothing";
        }
        StringBuilder out = new StringBuilder("\"");
        int shown = 0;
        for (int i = 0; i < value.length(); i = value.offsetByCodePoints(i, 1)) {
            if (shown++ == 60) {
                out.append("...");
                break;
            }
            int c = value.codePointAt(i);
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || Character.getType(c) == Character.FORMAT) {
                out.append(c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        }
        return out.append('"').toString();
    }
}
