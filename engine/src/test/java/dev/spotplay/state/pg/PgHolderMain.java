package dev.spotplay.state.pg;

import dev.spotplay.state.Holder;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.state.StateBackends;
import dev.spotplay.state.StateStore;
import java.time.Duration;
import java.time.Instant;

/**
 * Another spotplay process on another "machine", for tests: opens the cluster "demo" at a
 * PostgreSQL URL for update with the login of its own environment (as spotplay does), saves a
 * node, says "locked", then waits to be killed or for {@code millis} before it says "releasing",
 * closes and exits.
 */
public final class PgHolderMain {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        long millis = Long.parseLong(args[1]);
        StateStore store = StateBackends.locate(url, "demo").openForUpdate("demo", Holder.current("apply"), Duration.ZERO);
        store.saveNode(NodeRecord.builder("worker001").group("worker").index(1).providerId("i-1").endpoint("127.0.0.1", 40122)
                .status(NodeStatus.RUNNING, null).createdAt(Instant.parse("2026-11-24T16:50:02Z")).build());
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(millis);
        System.out.println("releasing");
        System.out.flush();
        store.close();
        System.exit(0);
    }
}
