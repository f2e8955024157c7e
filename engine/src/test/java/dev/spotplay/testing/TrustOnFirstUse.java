package dev.spotplay.testing;

import dev.spotplay.transport.Endpoint;
import dev.spotplay.transport.HostKeyPolicy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The policy the engine applies, in memory: remember a node's first key, accept only that one after. */
public final class TrustOnFirstUse implements HostKeyPolicy {

    private final Map<String, String> pinned = new ConcurrentHashMap<>();

    @Override
    public boolean verify(Endpoint endpoint, String key) {
        return pinned.computeIfAbsent(endpoint.nodeName(), n -> key).equals(key);
    }

    /** The bastion is pinned like a node, under {@link Endpoint#BASTION}. */
    @Override
    public HostKeyPolicy bastion(Endpoint via) {
        return this;
    }

    public String pinned(String nodeName) {
        return pinned.get(nodeName);
    }

    public static HostKeyPolicy acceptAll() {
        return (endpoint, key) -> true;
    }
}
