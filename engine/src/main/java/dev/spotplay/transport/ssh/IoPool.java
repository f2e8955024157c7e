package dev.spotplay.transport.ssh;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that pump a command's stdout, stderr and stdin while the caller waits with its deadline. Shared and
 * reused, so an exec creates no thread once the pool is warm; daemon, so it never holds the
 * JVM open. Its size follows the number of commands running at once.
 */
final class IoPool {

    private static final AtomicInteger COUNT = new AtomicInteger();

    static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "spotplay-ssh-io-" + COUNT.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private IoPool() {}
}
