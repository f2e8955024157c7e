package dev.spotplay.playbook;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Checks IPv4 and IPv6 CIDR blocks without any name lookup. */
public final class Cidrs {
    private Cidrs() {}

    /**
     * Like {@link #problem}, and the address must be the network's own (no bits set past the
     * prefix), as a subnet's block is listed: {@code 10.0.2.0/24}, not {@code 10.0.2.7/24}.
     */
    public static String networkProblem(String cidr) {
        String problem = problem(cidr);
        if (problem != null) {
            return problem;
        }
        int slash = cidr.indexOf('/');
        try {
            byte[] address = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            int prefix = Integer.parseInt(cidr.substring(slash + 1));
            if (prefix > address.length * 8) {
                return "\"" + cidr + "\": the prefix length must be a number from 0 to " + address.length * 8 + ".";
            }
            byte[] network = address.clone();
            for (int bit = prefix; bit < network.length * 8; bit++) {
                network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
            }
            if (!java.util.Arrays.equals(address, network)) {
                String net = InetAddress.getByAddress(network).getHostAddress();
                return "\"" + cidr + "\" has bits set past its /" + prefix + " prefix; the block is " + net + "/" + prefix + ".";
            }
        } catch (UnknownHostException e) {
            return "\"" + cidr + "\" is not an address with a prefix length.";
        }
        return null;
    }

    /** Null if {@code cidr} is a valid block, else what is wrong and what would be right. */
    public static String problem(String cidr) {
        String example = " Write an address and a prefix length, e.g. 203.0.113.7/32 or 2001:db8::/32.";
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return "\"" + cidr + "\" has no prefix length." + example;
        }
        String address = cidr.substring(0, slash);
        String prefix = cidr.substring(slash + 1);
        boolean v6 = address.contains(":");
        int max = v6 ? 128 : 32;
        if (!prefix.matches("\\d{1,3}") || Integer.parseInt(prefix) > max) {
            return "\"" + cidr + "\": the prefix length must be a number from 0 to " + max + "." + example;
        }
        if (v6) {
            // A literal with ':' is parsed, never looked up.
            try {
                if (!address.matches("[0-9A-Fa-f:.]+")) {
                    return "\"" + cidr + "\" is not an IPv6 address." + example;
                }
                InetAddress.getByName(address);
                return null;
            } catch (UnknownHostException e) {
                return "\"" + cidr + "\" is not an IPv6 address." + example;
            }
        }
        String[] octets = address.split("\\.", -1);
        if (octets.length != 4) {
            return "\"" + cidr + "\" is not an IPv4 address." + example;
        }
        for (String o : octets) {
            if (!o.matches("\\d{1,3}") || Integer.parseInt(o) > 255) {
                return "\"" + cidr + "\" is not an IPv4 address (each part is 0 to 255)." + example;
            }
        }
        return null;
    }
}
