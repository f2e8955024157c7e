package dev.spotplay.transport;

import java.io.IOException;

/** A node presented a host key other than the one pinned in state. Never retried. */
public class HostKeyMismatchException extends IOException {
    public HostKeyMismatchException(String message) {
        super(message);
    }
}
