package dev.spotplay.transport.ssh;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a socket when a deadline passes, unless disarmed first. Closing the socket ends
 * whatever read or write is blocked on it, in any thread, so one alarm bounds a whole sequence
 * of waits. sshj needs this: it bounds the TCP connect and each wait for a key exchange or
 * login reply, but reads the server's banner with a blocking read and no limit (and accepts
 * any number of lines before it), and nothing bounds the sum of its waits.
 *
 * <p>Disarming and firing race for one flag, so an attempt that finished just as its alarm
 * fired is seen as timed out ({@link #disarm} answers false), never as a live connection whose
 * socket was closed under it.
 */
final class SocketAlarm {

    private final Socket socket;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile boolean fired;
    private final CompletableFuture<Void> alarm = new CompletableFuture<>();

    /**
     * The JDK's own delay scheduler (behind {@link CompletableFuture#orTimeout}) keeps the time:
     * no thread of spotplay's, and a disarmed alarm leaves its queue at once.
     */
    private SocketAlarm(Socket socket, long afterMillis) {
        this.socket = socket;
        alarm.orTimeout(Math.max(0, afterMillis), TimeUnit.MILLISECONDS).whenComplete((ok, timedOut) -> {
            if (timedOut != null) {
                fire();
            }
        });
    }

    /** Closes {@code socket} in {@code afterMillis} unless {@link #disarm}ed before. */
    static SocketAlarm arm(Socket socket, long afterMillis) {
        return new SocketAlarm(socket, afterMillis);
    }

    /** Keeps the socket open; false if the alarm had already fired (the socket is closed). */
    boolean disarm() {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        alarm.complete(null);
        return true;
    }

    /** Whether the deadline passed and the socket was closed because of it. */
    boolean fired() {
        return fired;
    }

    private void fire() {
        if (settled.compareAndSet(false, true)) {
            fired = true;
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closed either way.
            }
        }
    }
}
