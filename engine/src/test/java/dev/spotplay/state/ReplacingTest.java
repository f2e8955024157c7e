package dev.spotplay.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A wave's kept records survive their text form whole, whatever their values hold. */
class ReplacingTest {
    @Test
    void recordsRoundTrip() {
        NodeRecord a = NodeRecord.builder("worker001").group("worker").index(1).providerId("i-0abc").endpoint("127.0.1.5", 2222)
                .privateIp("127.0.1.5").status(NodeStatus.RUNNING, null).hostKey("ssh-ed25519 AAAA=+/ x")
                .launchToken("apply-1/worker001").createdAt(Instant.parse("2026-01-02T03:04:05.123Z"))
                .launch(Map.of("instance_type", "c5.large, c5a.large", "tags", "{\"a=b\":\"c:d\\n\"}", "group", "odd")).build();
        NodeRecord b = NodeRecord.builder("gpu-node002").group("gpu-node").index(2).providerId("i-2").endpoint("127.0.1.6", 22)
                .status(NodeStatus.RUNNING, null).build();
        Map<String, NodeRecord> all = new TreeMap<>(Map.of(a.name(), a, b.name(), b));
        String text = Replacing.encode(all);
        assertEquals(all, Replacing.decode(text));
        assertEquals(text, Replacing.encode(Replacing.decode(text)), "one text per set of records");
        assertEquals(Map.of(), Replacing.decode(""));
    }
}
