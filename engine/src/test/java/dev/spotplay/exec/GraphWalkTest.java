package dev.spotplay.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.exec.GraphWalk.Result;
import dev.spotplay.exec.GraphWalk.Result.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The walker's graph walk with fake vertices: strings, and edges given as a map. */
class GraphWalkTest {

    private static Function<String, List<String>> edges(Map<String, List<String>> waits) {
        return v -> waits.getOrDefault(v, List.of());
    }

    /** Records when each vertex starts and ends; the named one fails. */
    private static final class Recording implements GraphWalk.Work<String> {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Integer> ended = new ConcurrentHashMap<>();
        final String failing;
        final GraphWalk<String> walk;

        Recording(GraphWalk<String> walk, String failing) {
            this.walk = walk;
            this.failing = failing;
        }

        @Override
        public CompletionStage<Result<String>> start(String v, Map<String, Result<String>> upstream) {
            return CompletableFuture.supplyAsync(() -> {
                events.add("start " + v);
                events.add("end " + v);
                return v.equals(failing) ? GraphWalk.failed(v, v + " broke") : Result.success();
            }, walk.pool());
        }

        @Override
        public void ended(String v, Result<String> r) {
            ended.merge(v, 1, Integer::sum);
        }
    }

    @Test
    void eachVertexStartsAfterWhatItWaitsFor() {
        Map<String, List<String>> waits = Map.of("b", List.of("a"), "c", List.of("a"), "d", List.of("b", "c"));
        try (GraphWalk<String> walk = new GraphWalk<>(4)) {
            Recording work = new Recording(walk, null);
            Map<String, Result<String>> out = walk.walk(List.of("a", "b", "c", "d"), edges(waits), work);
            assertTrue(out.values().stream().allMatch(Result::ok), out.toString());
            List<String> ev = work.events;
            for (var e : waits.entrySet()) {
                for (String before : e.getValue()) {
                    assertTrue(ev.indexOf("end " + before) < ev.indexOf("start " + e.getKey()), ev.toString());
                }
            }
            assertEquals(8, ev.size(), ev.toString());
        }
    }

    @Test
    void aFailureIsReportedOnceAtItsCauseAndItsDependantsAreSkipped() {
        // a -> b -> c -> e, a -> d: b fails; c and e are skipped because of b, d still runs.
        Map<String, List<String>> waits = Map.of("b", List.of("a"), "c", List.of("b"), "e", List.of("c"), "d", List.of("a"));
        try (GraphWalk<String> walk = new GraphWalk<>(2)) {
            Recording work = new Recording(walk, "b");
            Map<String, Result<String>> out = walk.walk(List.of("a", "b", "c", "d", "e"), edges(waits), work);
            assertEquals(Status.OK, out.get("a").status());
            assertEquals(Status.FAILED, out.get("b").status());
            assertEquals("b broke", out.get("b").message());
            assertEquals(Status.OK, out.get("d").status());
            for (String skipped : List.of("c", "e")) {
                assertEquals(Status.SKIPPED, out.get(skipped).status(), skipped);
                assertEquals("b", out.get(skipped).cause(), skipped + " names the cause, not its direct upstream");
            }
            assertEquals(1, out.values().stream().filter(r -> r.status() == Status.FAILED).count(), out.toString());
            assertTrue(!work.events.contains("start c") && !work.events.contains("start e"), work.events.toString());
            assertEquals(Map.of("a", 1, "b", 1, "c", 1, "d", 1, "e", 1), work.ended);
        }
    }

    @Test
    void aJoiningVertexStartsDespiteAFailureAndDecides() {
        Map<String, List<String>> waits = Map.of("done", List.of("x", "y"), "next", List.of("done"));
        try (GraphWalk<String> walk = new GraphWalk<>(2)) {
            Recording failing = new Recording(walk, "x");
            List<Map<String, Result<String>>> seen = new ArrayList<>();
            GraphWalk.Work<String> work = new GraphWalk.Work<>() {
                @Override
                public CompletionStage<Result<String>> start(String v, Map<String, Result<String>> upstream) {
                    if (v.equals("done")) {
                        seen.add(upstream);
                        return CompletableFuture.completedFuture(Result.success()); // accepts the failure of x
                    }
                    return failing.start(v, upstream);
                }

                @Override
                public boolean joins(String v) {
                    return v.equals("done");
                }
            };
            Map<String, Result<String>> out = walk.walk(List.of("x", "y", "done", "next"), edges(waits), work);
            assertEquals(Status.FAILED, seen.get(0).get("x").status());
            assertEquals(Status.OK, out.get("done").status());
            assertEquals(Status.OK, out.get("next").status());
        }
    }

    @Test
    void aVertexThatExceedsItsTimeoutFailsAndItsDependantsAreSkipped() {
        Map<String, List<String>> waits = Map.of("after", List.of("slow"));
        CountDownLatch never = new CountDownLatch(1);
        long t0 = System.nanoTime();
        try (GraphWalk<String> walk = new GraphWalk<>(2)) {
            GraphWalk.Work<String> work = new GraphWalk.Work<>() {
                @Override
                public CompletionStage<Result<String>> start(String v, Map<String, Result<String>> upstream) {
                    return CompletableFuture.supplyAsync(() -> {
                        try {
                            never.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return Result.success();
                    }, walk.pool());
                }

                @Override
                public Duration timeout(String v) {
                    return Duration.ofMillis(200);
                }
            };
            Map<String, Result<String>> out = walk.walk(List.of("slow", "after"), edges(waits), work);
            assertEquals(Status.FAILED, out.get("slow").status());
            assertTrue(out.get("slow").message().startsWith("did not finish within"), out.get("slow").message());
            assertEquals(Status.SKIPPED, out.get("after").status());
            assertEquals("slow", out.get("after").cause());
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(millis < 200 + 10_000, "the walk ended within the timeout plus a margin, not when the work did: " + millis + "ms");
    }

    @Test
    void neverMoreThanThePoolsBoundAtOnce() throws Exception {
        int bound = 3;
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            order.add("v" + i);
        }
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch full = new CountDownLatch(bound);
        try (GraphWalk<String> walk = new GraphWalk<>(bound)) {
            GraphWalk.Work<String> work = (v, upstream) -> CompletableFuture.supplyAsync(() -> {
                int now = running.incrementAndGet();
                most.accumulateAndGet(now, Math::max);
                full.countDown();
                try {
                    // Hold the thread until the pool has been full once, so that the bound is reached, not just respected.
                    full.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                return Result.success();
            }, walk.pool());
            Map<String, Result<String>> out = walk.walk(order, v -> List.of(), work);
            assertTrue(out.values().stream().allMatch(Result::ok));
        }
        assertEquals(0, full.getCount(), "the pool ran " + bound + " at once");
        assertEquals(bound, most.get());
    }
}
