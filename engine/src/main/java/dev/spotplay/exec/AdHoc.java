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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

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
    private final Function<Executor, Connector> connectors;
    private final int parallel;

    /** @param connectors makes the connector for a run, given the walk's bounded pool for its stream pumps */
    public AdHoc(Session session, Function<Executor, Connector> connectors, int parallel) {
        this.session = session;
        this.connectors = connectors;
        this.parallel = Math.max(1, parallel);
    }

    /**
     * Runs {@code command} on every node, through a {@link GraphWalk} of independent vertices (the
     * walk's bounded pool and timeouts, as apply's); {@code onResult} sees each result as it arrives.
     */
    public List<Result> run(List<NodeRecord> nodes, String command, Duration timeout, Consumer<Result> onResult) {
        return run(nodes, (n, c) -> c.exec(command, timeout), timeout, onResult);
    }

    /** What one node does over its connection ({@code spotplay cp}'s transfer); what it returns is that node's result. */
    @FunctionalInterface
    public interface OnNode {
        ExecResult run(NodeRecord node, Connection connection) throws IOException;
    }

    /** As {@link #run(List, String, Duration, Consumer)}, with {@code work} in place of a command; {@code timeout} bounds it per node. */
    public List<Result> run(List<NodeRecord> nodes, OnNode work, Duration timeout, Consumer<Result> onResult) {
        Map<String, Result> results = new ConcurrentHashMap<>();
        Duration limit = ConnectWait.known(session.playbook().ssh()).limit().plus(timeout).plus(Walker.MARGIN);
        try (GraphWalk<NodeRecord> walk = new GraphWalk<>(Math.min(parallel, Math.max(1, nodes.size())))) {
            Connector connector = connectors.apply(walk.io());
            walk.walk(nodes, n -> List.of(), new GraphWalk.Work<>() {
                @Override
                public CompletionStage<GraphWalk.Result<NodeRecord>> start(NodeRecord n, Map<NodeRecord, GraphWalk.Result<NodeRecord>> upstream) {
                    return CompletableFuture.supplyAsync(() -> {
                        Result r = one(connector, n, work);
                        if (results.putIfAbsent(n.name(), r) == null) {
                            synchronized (onResult) {
                                onResult.accept(r);
                            }
                        }
                        return GraphWalk.Result.success();
                    }, walk.pool());
                }

                @Override
                public Duration timeout(NodeRecord n) {
                    return limit;
                }

                @Override
                public void ended(NodeRecord n, GraphWalk.Result<NodeRecord> r) {
                    Result gaveUp = new Result(n.name(), null, r.message(), limit.toMillis());
                    if (!r.ok() && results.putIfAbsent(n.name(), gaveUp) == null) {
                        synchronized (onResult) {
                            onResult.accept(gaveUp);
                        }
                    }
                }
            });
        }
        List<Result> out = new ArrayList<>();
        nodes.forEach(n -> out.add(results.get(n.name())));
        return out;
    }

    private Result one(Connector connector, NodeRecord n, OnNode work) {
        long t0 = System.currentTimeMillis();
        HostKeys keys = HostKeys.pinnedOnly(session.state(), n.name());
        ConnectWait wait = ConnectWait.known(session.playbook().ssh());
        try (Connection c = connector.connect(Logins.endpoint(session, n), keys, wait.deadlineFrom(t0))) {
            return new Result(n.name(), work.run(n, c), null, System.currentTimeMillis() - t0);
        } catch (HostKeyMismatchException e) {
            return new Result(n.name(), null, keys.refusal() != null ? keys.refusal() : e.getMessage(), System.currentTimeMillis() - t0);
        } catch (IOException e) {
            return new Result(n.name(), null, e.getMessage(), System.currentTimeMillis() - t0);
        }
    }
}
