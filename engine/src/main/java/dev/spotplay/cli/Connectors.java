package dev.spotplay.cli;

import dev.spotplay.transport.Connector;
import dev.spotplay.transport.local.LocalConnector;
import dev.spotplay.transport.ssh.SshConnector;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** How commands reach nodes: SSH, and this machine itself for a host the inventory says is local. */
final class Connectors {
    static final Function<Executor, Connector> BOTH = io -> new LocalConnector(new SshConnector(io), io);

    private Connectors() {}
}
