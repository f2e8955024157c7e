package dev.spotplay.transport;

/**
 * Decides whether a node's host key is trusted. spotplay trusts a node's key on first use and
 * pins it in state; a different key later is refused ({@link HostKeyMismatchException}).
 */
@FunctionalInterface
public interface HostKeyPolicy {

    /**
     * @param key the key as in {@code known_hosts}: {@code "ssh-ed25519 AAAAC3Nz..."}
     * @return true to trust it; false (or an exception with a message) to refuse the connection
     */
    boolean verify(Endpoint endpoint, String key);

    /**
     * The policy for the bastion a node is reached through ({@link Endpoint#via}), asked on the
     * caller's thread before connecting. The default trusts no bastion: a policy that pins keys
     * must say how it pins the bastion's.
     */
    default HostKeyPolicy bastion(Endpoint bastion) {
        return (endpoint, key) -> {
            throw new IllegalStateException("no host key is trusted for the bastion " + endpoint.jumpSpec());
        };
    }
}
