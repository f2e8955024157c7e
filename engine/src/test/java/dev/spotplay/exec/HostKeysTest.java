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
        final java.util.Map<String, String> facts = new java.util.HashMap<>();
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
                        case "get" -> Optional.ofNullable(facts.get((String) args[0]));
                        case "put" -> {
                            facts.put((String) args[0], (String) args[1]);
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
        assertTrue(keys.refusal().contains("If you know it was reinstalled: spotplay forget-host-key n1, then apply --recheck"), keys.refusal());
        keys.pinIfNew();
        assertEquals("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==", store.record.hostKey());
    }

    static final Endpoint BASTION = new Endpoint(Endpoint.BASTION, "127.0.0.9", 2201, "ops", Path.of("k"), Duration.ofSeconds(1));
    static final String KEY_A = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==";
    static final String KEY_B = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB==";

    @Test
    void theBastionsKeyIsPinnedUnderItsOwnNameAfterLoginAndNotFromTheLibrarysThread() throws Exception {
        Store store = new Store(null);
        HostKeys keys = new HostKeys(store.proxy, "n1", true);
        var bastion = keys.bastion(BASTION);
        store.calls.clear();
        assertTrue(CompletableFuture.supplyAsync(() -> bastion.verify(BASTION, KEY_A)).get());
        assertTrue(CompletableFuture.supplyAsync(() -> keys.verify(EP, KEY_B)).get());
        assertEquals(List.of(), store.calls, "verify touched the state");
        keys.pinIfNew();
        assertEquals(KEY_A, store.facts.get("bastion_host_key:127.0.0.9:2201"));
        assertEquals(KEY_B, store.record.hostKey(), "the node's own key is the node's");
    }

    @Test
    void aBastionWithAnotherKeyIsRefusedWithBothFingerprintsAndAdHocCommandsNeedItPinned() throws Exception {
        Store store = new Store(KEY_B);
        store.facts.put(HostKeys.bastionKey("127.0.0.9", 2201), KEY_A);
        HostKeys keys = new HostKeys(store.proxy, "n1", true);
        var bastion = keys.bastion(BASTION);
        assertFalse(bastion.verify(BASTION, KEY_B));
        assertTrue(keys.refusal().contains("the bastion ops@127.0.0.9:2201"), keys.refusal());
        assertTrue(keys.refusal().contains("pinned in state: " + HostKeys.fingerprint(KEY_A)), keys.refusal());
        assertTrue(keys.refusal().contains("offered by bastion: " + HostKeys.fingerprint(KEY_B)), keys.refusal());
        assertTrue(keys.refusal().contains("spotplay forget-host-key bastion"), keys.refusal());
        keys.pinIfNew();
        assertEquals(KEY_A, store.facts.get(HostKeys.bastionKey("127.0.0.9", 2201)), "a refused key is never pinned");

        Store none = new Store(KEY_B);
        HostKeys adHoc = HostKeys.pinnedOnly(none.proxy, "n1");
        assertFalse(adHoc.bastion(BASTION).verify(BASTION, KEY_A));
        assertTrue(adHoc.refusal().contains("run apply first"), adHoc.refusal());
    }
}
