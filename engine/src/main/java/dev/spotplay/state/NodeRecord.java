package dev.spotplay.state;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node as recorded in state. Made with {@link #builder(String)} and changed with
 * {@link #toBuilder()} or the {@code with...} methods, never rebuilt by position.
 *
 * @param name         {@code worker001}
 * @param providerId   the provider's id for it (EC2 instance id, local process id), null while launching
 * @param host         the address spotplay connects to (loopback for local)
 * @param port         the SSH port
 * @param privateIp    the node's private address (a template fact)
 * @param hostKey      the pinned host key ({@code "ssh-ed25519 AAAA..."}), null until first contact
 * @param statusReason why it has its status ("interrupted", "process gone", ...), for display; may be null
 * @param launchToken  the idempotency token used to launch it, recorded before the call
 * @param launch       the settings it was launched with, as its provider names them
 *                     ({@code instance_type}, {@code image}, ...), sorted by name; empty when not
 *                     known (a provider without settings, a node adopted or recorded before they were kept)
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
        Instant createdAt,
        Map<String, String> launch) {

    public NodeRecord {
        launch = launch == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(launch));
    }

    /** A record of this name, otherwise empty: fill it in with the builder's setters. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(name).group(group).index(index).providerId(providerId).endpoint(host, port).privateIp(privateIp)
                .status(status, statusReason).hostKey(hostKey).launchToken(launchToken).createdAt(createdAt).launch(launch);
    }

    public NodeRecord withStatus(NodeStatus newStatus, String reason) {
        return toBuilder().status(newStatus, reason).build();
    }

    public NodeRecord withHostKey(String key) {
        return toBuilder().hostKey(key).build();
    }

    public NodeRecord withLaunchToken(String token) {
        return toBuilder().launchToken(token).build();
    }

    public String address() {
        return host + ":" + port;
    }

    /** Fills in a {@link NodeRecord}; what is not set stays null (0 for the numbers). */
    public static final class Builder {
        private final String name;
        private String group;
        private int index;
        private String providerId;
        private String host;
        private int port;
        private String privateIp;
        private NodeStatus status;
        private String statusReason;
        private String hostKey;
        private String launchToken;
        private Instant createdAt;
        private Map<String, String> launch = Map.of();

        private Builder(String name) {
            this.name = name;
        }

        public Builder group(String group) {
            this.group = group;
            return this;
        }

        public Builder index(int index) {
            this.index = index;
            return this;
        }

        public Builder providerId(String providerId) {
            this.providerId = providerId;
            return this;
        }

        /** Where spotplay connects to it. */
        public Builder endpoint(String host, int port) {
            this.host = host;
            this.port = port;
            return this;
        }

        public Builder privateIp(String privateIp) {
            this.privateIp = privateIp;
            return this;
        }

        public Builder status(NodeStatus status, String reason) {
            this.status = status;
            this.statusReason = reason;
            return this;
        }

        public Builder hostKey(String hostKey) {
            this.hostKey = hostKey;
            return this;
        }

        public Builder launchToken(String launchToken) {
            this.launchToken = launchToken;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /** The settings it was launched with (see {@link NodeRecord#launch}). */
        public Builder launch(Map<String, String> launch) {
            this.launch = launch;
            return this;
        }

        public NodeRecord build() {
            return new NodeRecord(name, group, index, providerId, host, port, privateIp, status, statusReason, hostKey,
                    launchToken, createdAt, launch);
        }
    }
}
