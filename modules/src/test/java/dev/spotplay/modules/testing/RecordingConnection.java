package dev.spotplay.modules.testing;

import dev.spotplay.transport.Connection;
import dev.spotplay.transport.ExecResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Wraps a connection and records every call, so tests can count round trips and uploads. */
public final class RecordingConnection implements Connection {
    private final Connection inner;
    public final List<String> execs = new ArrayList<>();
    /** What each exec was fed on stdin, as text ("" for none), beside {@link #execs}. */
    public final List<String> stdins = new ArrayList<>();
    public final List<String> puts = new ArrayList<>();
    public final List<String> fetches = new ArrayList<>();

    public RecordingConnection(Connection inner) {
        this.inner = inner;
    }

    /** Every call that crosses the network once: exec, put and fetch. */
    public int roundTrips() {
        return execs.size() + puts.size() + fetches.size();
    }

    public void reset() {
        execs.clear();
        stdins.clear();
        puts.clear();
        fetches.clear();
    }

    @Override
    public ExecResult exec(String command, byte[] stdin, Duration timeout) throws IOException {
        execs.add(command);
        stdins.add(stdin == null ? "" : new String(stdin, java.nio.charset.StandardCharsets.UTF_8));
        return inner.exec(command, stdin, timeout);
    }

    @Override
    public void put(byte[] content, String remotePath, int mode, Duration timeout) throws IOException {
        puts.add(remotePath);
        inner.put(content, remotePath, mode, timeout);
    }

    @Override
    public byte[] fetch(String remotePath, Duration timeout) throws IOException {
        fetches.add(remotePath);
        return inner.fetch(remotePath, timeout);
    }

    @Override
    public void close() {
        inner.close();
    }
}
