package dev.spotplay.transport;

import java.nio.file.Path;
import java.time.Duration;

/** Where and as whom to log in to a node. {@code host} is an address or name; tests use loopback only. */
public record Endpoint(String nodeName, String host, int port, String user, Path privateKey, Duration connectTimeout) {
    @Override
    public String toString() {
        return user + "@" + host + ":" + port + " (" + nodeName + ")";
    }
}
