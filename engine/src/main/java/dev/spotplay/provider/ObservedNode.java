package dev.spotplay.provider;

/**
 * A node as the provider sees it right now.
 *
 * @param name       the node's name as the provider tagged it
 * @param providerId the provider's id
 * @param alive      false once it is gone or going (terminated, shutting down, process dead)
 * @param reason     why it is not alive ("interrupted", "process gone"), or null
 * @param index      the node's {@code node.index} fact: its position in its group. 0 means
 *                   "the number in its policy name" ({@code worker003} → 3); providers whose
 *                   names follow no policy (a static inventory) give it here
 */
public record ObservedNode(String name, String group, String providerId, String host, int port, String privateIp,
                           boolean alive, String reason, int index) {

    /** A node named by the naming policy: its index is the number in its name. */
    public ObservedNode(String name, String group, String providerId, String host, int port, String privateIp,
                        boolean alive, String reason) {
        this(name, group, providerId, host, port, privateIp, alive, reason, 0);
    }

    /** The index: as given, or read from a policy name. */
    public int indexOrFromName() {
        return index > 0 ? index : NodeName.parse(name).index();
    }
}
