package dev.spotplay.transport;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and as whom to log in to a node. {@code host} is an address or name; tests use loopback only.
 *
 * @param via the bastion to reach the node through (OpenSSH's ProxyJump: a direct-tcpip channel
 *            from a connection to it), or null to connect directly. One bastion, not a chain.
 * @param local the node is this machine ({@code ansible_connection=local}): its commands run here as
 *            processes of the current user, without SSH; host, port, user and key are not used
 */
public record Endpoint(String nodeName, String host, int port, String user, Path privateKey, Duration connectTimeout, Endpoint via,
                       boolean local) {

    /** The name a bastion's endpoint carries as its {@code nodeName}, in messages. */
    public static final String BASTION = "bastion";

    public Endpoint {
        if (via != null && via.via() != null) {
            throw new IllegalArgumentException("one bastion only, not a chain: " + via);
        }
    }

    /** Over SSH, through {@code via} if not null. */
    public Endpoint(String nodeName, String host, int port, String user, Path privateKey, Duration connectTimeout, Endpoint via) {
        this(nodeName, host, port, user, privateKey, connectTimeout, via, false);
    }

    /** Directly, without a bastion. */
    public Endpoint(String nodeName, String host, int port, String user, Path privateKey, Duration connectTimeout) {
        this(nodeName, host, port, user, privateKey, connectTimeout, null);
    }

    /** This endpoint, reached through {@code bastion} (null: directly). */
    public Endpoint through(Endpoint bastion) {
        return new Endpoint(nodeName, host, port, user, privateKey, connectTimeout, bastion, local);
    }

    /** This node, as this machine itself ({@link #local}). */
    public Endpoint asLocal() {
        return new Endpoint(nodeName, host, port, user, privateKey, connectTimeout, null, true);
    }

    /** This endpoint at another address and port. */
    public Endpoint withAddress(String newHost, int newPort) {
        return new Endpoint(nodeName, newHost, newPort, user, privateKey, connectTimeout, via, local);
    }

    /** {@code user@host:port} as OpenSSH's ProxyJump and {@code ssh.proxy_jump} write it (an IPv6 address in brackets). */
    public String jumpSpec() {
        return user + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        if (local) {
            return "this machine (" + nodeName + ", ansible_connection=local)";
        }
        return user + "@" + host + ":" + port + " (" + nodeName + ")" + (via == null ? "" : " via " + via.jumpSpec());
    }
}
