package dev.spotplay.state.h2;

import dev.spotplay.state.Holder;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.state.StepRun;
import java.time.Duration;
import java.time.Instant;

/** Records with every field set, so a round trip that drops one shows. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-11-24T16:50:02.123456789Z");

    private Fixtures() {}

    static NodeRecord node(String name) {
        return NodeRecord.builder(name).group("worker").index(3).providerId("i-0abc" + name).endpoint("127.0.0.1", 40122)
                .privateIp("10.0.0.3").status(NodeStatus.RUNNING, "answered ssh").hostKey("ssh-ed25519 AAAAC3Nza")
                .launchToken("token-" + name).createdAt(T0).build();
    }

    static StepRun run(String node, String step, String hash, StepRun.Result result) {
        return new StepRun("20261124T165002Z-4f2a", node, step, hash, result, "ok", "line 1\nline 2\n", 1234, T0.plusSeconds(5));
    }

    static Holder holder(String command) {
        return new Holder(command, "alice", "box", 4242, Instant.parse("2026-11-24T16:50:02Z"));
    }

    static final Duration NO_WAIT = Duration.ZERO;
}
