package dev.spotplay.transport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.LoopbackGuard;
import dev.spotplay.transport.ssh.SshConnector;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loopback guard: literal loopback passes, anything else (and any name but localhost) is refused before a connection. */
class LoopbackGuardTest {
    @AfterEach
    void off() {
        System.clearProperty("spotplay.loopbackOnly");
    }

    @Test
    void onlyLiteralLoopbackAddressesPass() {
        assertTrue(LoopbackGuard.isLoopback("127.0.0.1"));
        assertTrue(LoopbackGuard.isLoopback("127.0.1.17"));
        assertTrue(LoopbackGuard.isLoopback("localhost"));
        assertTrue(LoopbackGuard.isLoopback("[::1]"));
        assertFalse(LoopbackGuard.isLoopback("54.12.1.9"), "a public address moto invents");
        assertFalse(LoopbackGuard.isLoopback("10.0.0.1"));
        assertFalse(LoopbackGuard.isLoopback("127.example.com"), "names are never looked up");
        assertFalse(LoopbackGuard.isLoopback("ec2.us-east-1.amazonaws.com"));
        assertFalse(LoopbackGuard.isLoopback(null));
    }

    @Test
    void whenOnItRefusesOtherHostsAndSshNeverDialsThem() {
        System.setProperty("spotplay.loopbackOnly", "true");
        assertDoesNotThrow(() -> LoopbackGuard.check("127.0.1.4", "test"));
        assertThrows(IllegalStateException.class, () -> LoopbackGuard.check("203.0.113.5", "test"));
        // 192.0.2.0/24 is TEST-NET-1: nothing is there, and the guard refuses before any packet is sent.
        Endpoint far = new Endpoint("n1", "192.0.2.1", 22, "root", Path.of("/nonexistent"), Duration.ofSeconds(1));
        IOException e = assertThrows(IOException.class, () -> new SshConnector(dev.spotplay.testing.TestThreads.IO).connect(far, (ep, k) -> true,
                System.currentTimeMillis() + 1000));
        assertTrue(e.getMessage().contains("not a loopback address"), e.getMessage());
    }
}
