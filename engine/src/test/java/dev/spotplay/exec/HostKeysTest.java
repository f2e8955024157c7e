package dev.spotplay.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.state.StateStore;
import dev.spotplay.transport.Endpoint;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Trust on first use, pinned after login, and never a state access from the SSH library's
 * thread (which it interrupts on a timeout; an interrupt in file I/O closes the database).
 */
class HostKeysTest {
    static final Endpoint EP = new Endpoint("n1", "127.0.0.1", 22, "me", Path.of("k"), Duration.ofSeconds(1));

    /** A store that holds one record and logs which thread called what. */
    static final class Store {
        NodeRecord record;
        final List<String> calls = new ArrayList<>();
        final StateStore proxy = (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[] {StateStore.class},
                (p, m, args) -> {
                    calls.add(m.getName() + "@" + Thread.currentThread().getName());
                    return switch (m.getName()) {
                        case "node" -> Optional.ofNullable(record);
                        case "saveNode" -> {
                            record = (NodeRecord) args[0];
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    };
                });

        Store(String pinned) {
            record = NodeRecord.builder("n1").group("g").index(1).providerId("p").endpoint("127.0.0.1", 22).privateIp("127.0.0.1")
                    .status(NodeStatus.RUNNING, null).hostKey(pinned).createdAt(Instant.EPOCH).build();
        }
    }

    @Test
    void theFirstKeyIsPinnedOnlyAfterLoginAndNotFromTheLibrarysThread() throws Exception {
        Store store = new Store(null);
        HostKeys keys = new HostKeys(store.proxy, "n1", true);
        store.calls.clear();
        assertTrue(CompletableFuture.supplyAsync(() -> keys.verify(EP, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==")).get());
        assertEquals(List.of(), store.calls, "verify touched the state");
        assertNull(store.record.hostKey(), "pinned before the login succeeded");
        keys.pinIfNew();
        assertEquals("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==", store.record.hostKey());
    }

    @Test
    void aPinnedKeyIsKeptAndAnotherIsRefusedWithBothFingerprints() throws Exception {
        Store store = new Store("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==");
        HostKeys keys = new HostKeys(store.proxy, "n1", false);
        store.calls.clear();
        assertTrue(keys.verify(EP, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA=="));
        assertFalse(CompletableFuture.supplyAsync(() -> keys.verify(EP, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB==")).get());
        assertEquals(List.of(), store.calls);
        assertTrue(keys.refusal().contains("pinned in state: ssh-ed25519 SHA256:"), keys.refusal());
        assertTrue(keys.refusal().contains("take it out of the inventory"), keys.refusal());
        keys.pinIfNew();
        assertEquals("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==", store.record.hostKey());
    }
}
