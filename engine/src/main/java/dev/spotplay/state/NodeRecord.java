package dev.spotplay.state;

import java.time.Instant;

/**
 * A node as recorded in state.
 *
 * @param name         {@code worker001}
 * @param providerId   the provider's id for it (EC2 instance id, local process id), null while launching
 * @param host         the address spotplay connects to (loopback for local)
 * @param port         the SSH port
 * @param privateIp    the node's private address (a template fact)
 * @param hostKey      the pinned host key ({@code "ssh-ed25519 AAAA..."}), null until first contact
 * @param statusReason why it has its status ("interrupted", "process gone", ...), may be null
 * @param launchToken  the idempotency token used to launch it, recorded before the call
 */
public record NodeRecord(
        String name,
        String group,
        int index,
        String providerId,
        String host,
        int port,
        String privateIp,
        NodeStatus status,
        String statusReason,
        String hostKey,
        String launchToken,
        Instant createdAt) {

    public NodeRecord withStatus(NodeStatus newStatus, String reason) {
        return new NodeRecord(name, group, index, providerId, host, port, privateIp, newStatus, reason, hostKey, launchToken, createdAt);
    }

    public NodeRecord withHostKey(String key) {
        return new NodeRecord(name, group, index, providerId, host, port, privateIp, status, statusReason, key, launchToken, createdAt);
    }

    public String address() {
        return host + ":" + port;
    }
}
