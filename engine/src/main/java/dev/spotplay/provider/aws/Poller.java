package dev.spotplay.provider.aws;

import dev.spotplay.diag.Durations;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * Waits for something in rounds: each round asks once (one call for the whole cluster), then
 * sleeps a little longer than the last time, with jitter, up to {@link #MAX}.
 */
final class Poller {
    static final Duration FIRST = Duration.ofMillis(250);
    static final Duration MAX = Duration.ofSeconds(5);

    private final Duration timeout;

    Poller(Duration timeout) {
        this.timeout = timeout;
    }

    /** Returns once {@code done} says true; fails with "timed out" after the timeout. */
    void until(String what, BooleanSupplier done) throws IOException {
        if (!within(what, done, timeout)) {
            throw new IOException("timed out after " + dev.spotplay.diag.Durations.format(timeout) + " waiting until " + what);
        }
    }

    /** True once {@code done} says true, false if {@code limit} passes first. */
    static boolean within(String what, BooleanSupplier done, Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        long sleep = FIRST.toMillis();
        while (true) {
            if (done.getAsBoolean()) {
                return true;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            sleep(Math.min(left, ThreadLocalRandom.current().nextLong(sleep / 2, sleep + 1)), what);
            sleep = Math.min(MAX.toMillis(), sleep * 2);
        }
    }

    static void sleep(long millis, String what) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting until " + what, e);
        }
    }
}
