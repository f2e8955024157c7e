package dev.spotplay.provider;

/**
 * A node as the provider sees it right now.
 *
 * @param name       the node's name as the provider tagged it
 * @param providerId the provider's id
 * @param alive      false once it is gone or going (terminated, shutting down, process dead)
 * @param reason     why it is not alive ("interrupted", "process gone"), or null
 */
public record ObservedNode(String name, String group, String providerId, String host, int port, String privateIp,
                           boolean alive, String reason) {}
