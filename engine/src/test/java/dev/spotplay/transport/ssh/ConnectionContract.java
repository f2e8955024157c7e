package dev.spotplay.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.TrustOnFirstUse;
import dev.spotplay.transport.Connection;
import dev.spotplay.transport.Endpoint;
import dev.spotplay.transport.ExecResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every SSH server spotplay talks to must do through {@link SshConnector}; run against MINA and OpenSSH. */
abstract class ConnectionContract {

    static final Duration T = Duration.ofSeconds(20);

    final SshConnector connector = new SshConnector(dev.spotplay.testing.TestThreads.IO);
    Connection conn;
    String scratch;

    abstract Endpoint endpoint();

    Connection connect() throws IOException {
        return connector.connect(endpoint(), TrustOnFirstUse.acceptAll(), System.currentTimeMillis() + 15_000);
    }

    @BeforeEach
    void open() throws IOException {
        conn = connect();
        scratch = "/tmp/spotplay-test-" + UUID.randomUUID();
    }

    @AfterEach
    void cleanUp() throws IOException {
        conn.exec("rm -rf " + scratch, T);
        conn.close();
    }

    @Test
    void execReportsExitCodeAndBothStreams() throws IOException {
        ExecResult r = conn.exec("echo out; echo err >&2; exit 7", T);
        assertEquals(7, r.exitCode());
        assertEquals("out\n", r.stdout());
        assertEquals("err\n", r.stderr());
        assertTrue(conn.exec("true", T).ok());
        assertEquals(1, conn.exec("false", T).exitCode());
    }

    @Test
    void execFeedsStdin() throws IOException {
        byte[] in = "line one\nline två\n".getBytes(StandardCharsets.UTF_8);
        // Exact output: wc reads all of stdin (so cat finds none), and stdout keeps its last newline.
        assertEquals("2\n", conn.exec("wc -l; cat", in, T).stdout());
        assertArrayEquals(in, conn.exec("cat", in, T).stdout().getBytes(StandardCharsets.UTF_8), "stdin arrives byte for byte");
        // a command that reads stdin gets EOF when none is given, instead of hanging
        assertEquals("0", conn.exec("wc -c", T).stdout().strip());
        byte[] big = new byte[3 << 20];
        java.util.Arrays.fill(big, (byte) 'x');
        assertEquals(Integer.toString(big.length), conn.exec("wc -c", big, T).stdout().strip());
    }

    @Test
    void largeOutputKeepsTheLastMebibyteOfEachStream() throws IOException {
        ExecResult r = conn.exec("head -c 3000000 /dev/zero | tr '\\0' a; echo END; head -c 2000000 /dev/zero | tr '\\0' b >&2", T);
        assertEquals(0, r.exitCode());
        assertTrue(r.stdout().startsWith("[spotplay: output truncated"), r.stdout().substring(0, 80));
        assertTrue(r.stdout().endsWith("aaaaEND\n"));
        assertTrue(r.stdout().length() < (1 << 20) + 200);
        assertTrue(r.stderr().startsWith("[spotplay: output truncated"));
        assertTrue(r.stderr().length() > (1 << 20) - 10);
    }

    @Test
    void timeoutKillsTheCommandAndSaysSo() throws IOException {
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> conn.exec("sleep 30", Duration.ofMillis(700)));
        long took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(took < 5_000, "took " + took + " ms");
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertTrue(e.getMessage().contains("'sleep 30'") && e.getMessage().contains("700ms"), e.getMessage());
        // the connection stays usable after a timeout
        assertEquals("still here", conn.exec("echo still here", T).stdout().strip());
    }

    @Test
    void putAndFetchCarryEveryByteValue() throws IOException {
        byte[] content = new byte[256 * 64];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        String path = scratch + "/new/nested/folder/data.bin";
        conn.put(content, path, 0640, T);
        assertArrayEquals(content, conn.fetch(path, T));
        assertEquals("640", conn.exec("stat -c %a " + path, T).stdout().strip());
        // replacing is atomic and leaves no temporary file behind
        conn.put("v2".getBytes(StandardCharsets.UTF_8), path, 0755, T);
        assertEquals("v2", new String(conn.fetch(path, T), StandardCharsets.UTF_8));
        assertEquals("755", conn.exec("stat -c %a " + path, T).stdout().strip());
        assertEquals("data.bin", conn.exec("ls -A " + scratch + "/new/nested/folder", T).stdout().strip());
    }

    @Test
    void putHandlesNamesThatNeedQuoting() throws IOException {
        String path = scratch + "/it's a \"file\" $(x).txt";
        conn.put(new byte[0], path, 0600, T);
        assertArrayEquals(new byte[0], conn.fetch(path, T));
    }

    @Test
    void fetchOfMissingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> conn.fetch(scratch + "/nothing-here", T));
    }

    @Test
    void manyExecsShareOneConnection() throws IOException {
        for (int i = 0; i < 30; i++) {
            assertEquals(Integer.toString(i), conn.exec("echo " + i, T).stdout().strip());
        }
    }

    @Test
    void twentyConnectionsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    try (Connection c = connect()) {
                        return c.exec("echo " + n + "; sleep 0.2", T).stdout().strip();
                    }
                }));
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(Integer.toString(i), results.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
