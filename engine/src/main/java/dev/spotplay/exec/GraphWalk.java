package dev.spotplay.exec;

import dev.spotplay.diag.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Walks a dependency graph: each vertex starts when every vertex it waits for is done, and is
 * skipped (never started) when one of them failed or was skipped, with the failure that caused
 * it remembered, so a failure is reported once, at its cause. A vertex may instead
 * {@linkplain Work#joins join}: it starts whatever its upstream did and decides from it (a group
 * barrier that accepts a short group). Each vertex may have a timeout; one that exceeds it fails.
 *
 * <p>The walk owns the threads: {@link #pool()}, bounded at the size given, for the blocking work
 * of the vertices; {@link #io()}, bounded at {@link #IO_PER_THREAD} per vertex thread, for the
 * transport's stream pumps (a command's stdout, stderr and stdin, which the vertex thread waits
 * for with its deadline); and one timer thread for the timeouts. A vertex's work returns a future, so a
 * vertex that only waits for something (a launch that a provider call reports) holds no thread.
 *
 * @param <V> the vertex type
 */
final class GraphWalk<V> implements AutoCloseable {

    /** How a vertex ended. {@code cause} is the failed vertex a skipped one waited for (itself when it failed). */
    record Result<V>(Status status, V cause, String message) {
        enum Status { OK, FAILED, SKIPPED }

        static <V> Result<V> success() {
            return new Result<>(Status.OK, null, null);
        }

        boolean ok() {
            return status == Status.OK;
        }
    }

    /** What the walk does at each vertex. */
    interface Work<V> {
        /** Starts the vertex's work; {@code upstream} holds how each vertex it waits for ended. */
        CompletionStage<Result<V>> start(V vertex, Map<V, Result<V>> upstream);

        /** How long the vertex may take once started; null: as long as its work says. */
        default Duration timeout(V vertex) {
            return null;
        }

        /** True if the vertex starts even when what it waits for failed (and decides itself). */
        default boolean joins(V vertex) {
            return false;
        }

        /** Sees each vertex's end as it happens (not called concurrently for the same vertex). */
        default void ended(V vertex, Result<V> result) {}
    }

    private static final AtomicInteger WALKS = new AtomicInteger();

    /** A vertex thread runs one command at a time, whose stdout, stderr and stdin may each need a pump. */
    static final int IO_PER_THREAD = 3;

    private final ExecutorService pool;
    private final ExecutorService io;
    private final ScheduledExecutorService timer;

    /** @param threads the most vertices' blocking work that runs at once */
    GraphWalk(int threads) {
        int id = WALKS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> daemon(r, "spotplay-walk" + id + "-" + count.incrementAndGet()));
        // Threads made on demand and let go when idle, never more than the vertex threads can use.
        this.io = new ThreadPoolExecutor(0, IO_PER_THREAD * Math.max(1, threads), 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> daemon(r, "spotplay-walk" + id + "-io-" + count.incrementAndGet()));
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "spotplay-walk" + id + "-timer"));
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    /** The bounded pool for the vertices' blocking work. */
    ExecutorService pool() {
        return pool;
    }

    /** The bounded pool for the transport's stream pumps ({@link #IO_PER_THREAD} per vertex thread). */
    ExecutorService io() {
        return io;
    }

    /** The most threads the pool runs at once. */
    int threads() {
        return ((ThreadPoolExecutor) pool).getMaximumPoolSize();
    }

    /**
     * Walks the vertices, given in an order where each comes after what it waits for, and
     * returns how each ended, in that order. Work that throws fails its vertex.
     */
    Map<V, Result<V>> walk(List<V> order, Function<V, List<V>> upstreamOf, Work<V> work) {
        Map<V, CompletableFuture<Result<V>>> futures = new LinkedHashMap<>();
        for (V v : order) {
            List<V> upstream = upstreamOf.apply(v);
            List<CompletableFuture<Result<V>>> before = new ArrayList<>();
            for (V u : upstream) {
                CompletableFuture<Result<V>> f = futures.get(u);
                if (f == null) {
                    throw new IllegalArgumentException(v + " waits for " + u + ", which comes later");
                }
                before.add(f);
            }
            CompletableFuture<Result<V>> f = CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
                    .thenCompose(x -> step(v, upstream, futures, work))
                    .thenApply(r -> {
                        work.ended(v, r);
                        return r;
                    });
            futures.put(v, f);
        }
        CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)).join();
        Map<V, Result<V>> results = new LinkedHashMap<>();
        futures.forEach((v, f) -> results.put(v, f.join()));
        return results;
    }

    private CompletableFuture<Result<V>> step(V v, List<V> upstream, Map<V, CompletableFuture<Result<V>>> futures, Work<V> work) {
        Map<V, Result<V>> before = new LinkedHashMap<>();
        for (V u : upstream) {
            before.put(u, futures.get(u).join());
        }
        if (!work.joins(v)) {
            for (Result<V> r : before.values()) {
                if (!r.ok()) {
                    return CompletableFuture.completedFuture(new Result<>(Result.Status.SKIPPED, r.cause(), r.message()));
                }
            }
        }
        CompletableFuture<Result<V>> started;
        try {
            started = work.start(v, before).toCompletableFuture();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        Duration timeout = work.timeout(v);
        CompletableFuture<Result<V>> bounded = started;
        if (timeout != null) {
            bounded = new CompletableFuture<>();
            CompletableFuture<Result<V>> out = bounded;
            var alarm = timer.schedule(() -> out.complete(new Result<>(Result.Status.FAILED, v,
                    "did not finish within " + dev.spotplay.diag.Durations.format(timeout))), timeout.toMillis(), TimeUnit.MILLISECONDS);
            started.whenComplete((r, e) -> {
                alarm.cancel(false);
                if (e != null) {
                    out.completeExceptionally(e);
                } else {
                    out.complete(r);
                }
            });
        }
        return bounded.handle((r, e) -> {
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                return new Result<>(Result.Status.FAILED, v, cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
            if (r.status() == Result.Status.FAILED && r.cause() == null) {
                return new Result<>(Result.Status.FAILED, v, r.message());
            }
            return r;
        });
    }

    /** A vertex that failed, at itself. */
    static <V> Result<V> failed(V vertex, String message) {
        return new Result<>(Result.Status.FAILED, vertex, message);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        io.shutdownNow();
        timer.shutdownNow();
        // Work the walk gave up on (a vertex past its timeout) is interrupted; let it end before the
        // caller closes what it uses (the state), within a bound: every wait in it has a deadline.
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
