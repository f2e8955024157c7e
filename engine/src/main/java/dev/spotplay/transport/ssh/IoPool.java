package dev.spotplay.transport.ssh;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The transport's threads, shared and reused, daemon so that they never hold the JVM open:
 * {@link #POOL} pumps a command's stdout, stderr and stdin while the caller waits with its
 * deadline (its size follows the number of commands running at once, and an exec creates no
 * thread once it is warm); {@link #ALARMS}, one thread, fires the {@link SocketAlarm}s.
 */
final class IoPool {

    private static final AtomicInteger COUNT = new AtomicInteger();

    static final ExecutorService POOL = Executors.newCachedThreadPool(r -> daemon(r, "spotplay-ssh-io-" + COUNT.incrementAndGet()));

    static final ScheduledExecutorService ALARMS = alarms();

    private IoPool() {}

    /** Disarmed alarms leave the queue at once: a run arms one per connect and disarms nearly all of them. */
    private static ScheduledExecutorService alarms() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "spotplay-ssh-alarm"));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
