package dev.spotplay.transport.local;

import dev.spotplay.transport.Connection;
import dev.spotplay.transport.Connector;
import dev.spotplay.transport.Endpoint;
import dev.spotplay.transport.HostKeyPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/** Connects a {@link Endpoint#local local} endpoint to this machine, and hands every other one to SSH's connector. */
public final class LocalConnector implements Connector {
    private final Connector others;
    private final Executor io;

    /** @param io the caller's bounded pool, for the stream pumps of each command */
    public LocalConnector(Connector others, Executor io) {
        this.others = others;
        this.io = io;
    }

    /** A local endpoint needs no login and offers no host key: nothing to wait for, nothing to pin. */
    @Override
    public Connection connect(Endpoint endpoint, HostKeyPolicy policy, long deadlineMillis) throws IOException {
        if (!endpoint.local()) {
            return others.connect(endpoint, policy, deadlineMillis);
        }
        return new LocalConnection(endpoint.nodeName(), Path.of(System.getProperty("user.home")), io);
    }
}
