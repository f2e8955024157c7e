package dev.spotplay.exec;

import dev.spotplay.state.NodeRecord;
import dev.spotplay.transport.Connection;
import dev.spotplay.transport.Connector;
import dev.spotplay.transport.ExecResult;
import dev.spotplay.transport.HostKeyMismatchException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * An ad hoc command on many nodes at once ({@code spotplay exec}), like {@code ansible -m shell}:
 * nothing is recorded, only pinned host keys are trusted, at most {@code parallel} nodes at a time.
 */
public final class AdHoc {

    /** One node's answer; {@code error} is set when the command could not run at all. */
    public record Result(String node, ExecResult output, String error, long millis) {
        public boolean ok() {
            return error == null && output.ok();
        }
    }

    private final Session session;
    private final Connector connector;
    private final int parallel;

    public AdHoc(Session session, Connector connector, int parallel) {
        this.session = session;
        this.connector = connector;
        this.parallel = Math.max(1, parallel);
    }

    /** Runs {@code command} on every node; {@code onResult} sees each result as it arrives. */
    public List<Result> run(List<NodeRecord> nodes, String command, Duration timeout, Consumer<Result> onResult) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, Math.max(1, nodes.size())), r -> {
            Thread t = new Thread(r, "spotplay-exec");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (NodeRecord n : nodes) {
                futures.add(pool.submit(() -> {
                    Result r = one(n, command, timeout);
                    synchronized (onResult) {
                        onResult.accept(r);
                    }
                    return r;
                }));
            }
            List<Result> results = new ArrayList<>();
            for (Future<Result> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private Result one(NodeRecord n, String command, Duration timeout) {
        long t0 = System.currentTimeMillis();
        HostKeys keys = HostKeys.pinnedOnly(session.state(), n.name());
        ConnectWait wait = ConnectWait.known(session.playbook().ssh());
        try (Connection c = connector.connect(Logins.endpoint(session, n), keys, wait.deadlineFrom(t0))) {
            return new Result(n.name(), c.exec(command, timeout), null, System.currentTimeMillis() - t0);
        } catch (HostKeyMismatchException e) {
            return new Result(n.name(), null, keys.refusal() != null ? keys.refusal() : e.getMessage(), System.currentTimeMillis() - t0);
        } catch (IOException e) {
            return new Result(n.name(), null, e.getMessage(), System.currentTimeMillis() - t0);
        }
    }
}
