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
 * @param lineage    the lineage of the state that launched it, as the provider tagged it; null
 *                   when it carries none (a provider without tags, a node launched before lineages)
 * @param stopped    paused, not gone: stopped (or stopping) with its disk; {@code alive} is false
 * @param settings   the launch settings the provider can read off the machine itself (a subset
 *                   of {@link NodeProvider#launchSettings}, in its words), for a node whose
 *                   record holds none: one launched before settings were recorded, or adopted
 */
public record ObservedNode(String name, String group, String providerId, String host, int port, String privateIp,
                           boolean alive, String reason, int index, String lineage, boolean stopped,
                           java.util.Map<String, String> settings) {

    public ObservedNode {
        settings = settings == null ? java.util.Map.of() : java.util.Map.copyOf(settings);
    }

    public ObservedNode(String name, String group, String providerId, String host, int port, String privateIp,
                        boolean alive, String reason, int index, String lineage, boolean stopped) {
        this(name, group, providerId, host, port, privateIp, alive, reason, index, lineage, stopped, java.util.Map.of());
    }

    /**
     * How a provider's {@code reason} starts when the node stopped or terminated itself after its
     * group's {@code autostop} idle time (local: the marker the node wrote; aws: an
     * instance-initiated shutdown), so plan and status can say so.
     */
    public static final String AUTOSTOPPED = "autostopped";

    /** True if a recorded or observed reason says the node autostopped. */
    public static boolean autostopped(String reason) {
        return reason != null && reason.startsWith(AUTOSTOPPED);
    }

    public ObservedNode(String name, String group, String providerId, String host, int port, String privateIp,
                        boolean alive, String reason, int index, String lineage) {
        this(name, group, providerId, host, port, privateIp, alive, reason, index, lineage, false);
    }

    public ObservedNode(String name, String group, String providerId, String host, int port, String privateIp,
                        boolean alive, String reason, int index) {
        this(name, group, providerId, host, port, privateIp, alive, reason, index, null, false);
    }

    /** A node named by the naming policy: its index is the number in its name. */
    public ObservedNode(String name, String group, String providerId, String host, int port, String privateIp,
                        boolean alive, String reason) {
        this(name, group, providerId, host, port, privateIp, alive, reason, 0);
    }

    /** This node, as launched by the state of {@code lineage}. */
    public ObservedNode withLineage(String lineage) {
        return new ObservedNode(name, group, providerId, host, port, privateIp, alive, reason, index, lineage, stopped, settings);
    }

    /** The index: as given, or read from a policy name. */
    public int indexOrFromName() {
        return index > 0 ? index : NodeName.parse(name).index();
    }
}
