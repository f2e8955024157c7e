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

    /** How a message names a command: {@code command 'its first 60 characters...'}, on one line. */
    static String describe(String command) {
        String oneLine = command.replace('\n', ' ');
        return "command '" + (oneLine.length() > 60 ? oneLine.substring(0, 60) + "..." : oneLine) + "'";
    }
}
