package dev.spotplay.transport;

import java.io.IOException;
import java.time.Duration;

/**
 * An open connection to one node. Not thread-safe: one step uses it at a time.
 * Commands run through the node's POSIX shell ({@code sh -c}).
 */
public interface Connection extends AutoCloseable {

    /**
     * Runs {@code command}, feeding {@code stdin} (may be null), and waits at most
     * {@code timeout}. A command that outlives the timeout is killed (its channel closed) and
     * a {@link java.util.concurrent.TimeoutException}-caused IOException is thrown.
     */
    ExecResult exec(String command, byte[] stdin, Duration timeout) throws IOException;

    default ExecResult exec(String command, Duration timeout) throws IOException {
        return exec(command, null, timeout);
    }

    /** Writes {@code content} to {@code remotePath} atomically (temp file, then rename), with {@code mode} (e.g. 0644), creating parent folders. */
    void put(byte[] content, String remotePath, int mode, Duration timeout) throws IOException;

    /** Reads a remote file; throws {@link java.nio.file.NoSuchFileException} if it does not exist. */
    byte[] fetch(String remotePath, Duration timeout) throws IOException;

    /**
     * Writes the local file {@code local} to {@code remotePath} as {@link #put} does. A
     * transport that can stream sends it without holding it in memory; the remote file is
     * replaced only if every byte of it arrived (a file that shrinks or fails to read while it
     * is sent leaves the old one in place and throws).
     */
    default void putFile(java.nio.file.Path local, String remotePath, int mode, Duration timeout) throws IOException {
        put(java.nio.file.Files.readAllBytes(local), remotePath, mode, timeout);
    }

    /**
     * Writes a remote file's bytes to {@code sink}, as {@link #fetch} reads them; a transport
     * that can stream does so without holding the file in memory. On failure {@code sink} may
     * hold part of the file.
     */
    default void fetchTo(String remotePath, java.io.OutputStream sink, Duration timeout) throws IOException {
        sink.write(fetch(remotePath, timeout));
    }

    @Override
    void close();

    /** Whether {@code e} is the timeout {@link #exec} promises: caused, at some depth, by a {@link java.util.concurrent.TimeoutException}. */
    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
