package dev.spotplay.transport;

import java.io.IOException;

/** Opens connections. Implementations retry refused or dropped connects (sshd {@code MaxStartups}) with backoff until {@code deadline}. */
public interface Connector {

    /**
     * Connects and authenticates. Gives up at {@code deadlineMillis} (System.currentTimeMillis
     * scale); a host key refused by {@code policy} fails at once, never retried.
     */
    Connection connect(Endpoint endpoint, HostKeyPolicy policy, long deadlineMillis) throws IOException;
}
