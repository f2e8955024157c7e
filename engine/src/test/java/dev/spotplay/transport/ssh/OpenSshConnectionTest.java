package dev.spotplay.transport.ssh;

import dev.spotplay.testing.Integration;
import dev.spotplay.testing.OpenSshServer;
import dev.spotplay.transport.Endpoint;

@Integration
class OpenSshConnectionTest extends ConnectionContract {

    @Override
    Endpoint endpoint() {
        return OpenSshServer.get().endpoint();
    }
}
