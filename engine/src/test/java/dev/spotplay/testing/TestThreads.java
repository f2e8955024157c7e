package dev.spotplay.testing;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The pool tests give a connector for its stream pumps, as the walk gives its bounded one. */
public final class TestThreads {
    /** Daemon threads, made on demand. */
    public static final ExecutorService IO = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-io");
        t.setDaemon(true);
        return t;
    });

    private TestThreads() {}
}
