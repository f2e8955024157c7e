package dev.spotplay.modules;

import dev.spotplay.transport.Shell;
import static org.junit.jupiter.api.Assertions.*;

import dev.spotplay.module.ModuleCatalog;
import dev.spotplay.modules.testing.LocalShellConnection;
import dev.spotplay.testing.Integration;
import dev.spotplay.transport.ExecResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service registration, the quoting helper and the fake node the other tests stand on. */
class CatalogAndShTest {
    @TempDir Path home;

    @Test
    void serviceLoaderFindsEveryModule() {
        assertEquals(List.of("apt", "copy", "file", "line", "shell", "template"), List.copyOf(ModuleCatalog.load().names()));
    }

    @Integration
    @Test
    void quotedWordsSurviveTheShellUnchanged() throws Exception {
        LocalShellConnection c = new LocalShellConnection(home);
        for (String s : List.of("", "plain", "it's", "a b", "$HOME `id` \"q\" \\ ;|&*?~", "new\nline", "'''")) {
            ExecResult r = c.exec("printf '%s' " + Shell.quote(s), Duration.ofSeconds(5));
            assertEquals(s, r.stdout(), "quoting " + s);
        }
        assertEquals("/opt/app-1.0", Shell.quote("/opt/app-1.0"));
    }

    @Integration
    @Test
    void fakeNodeFeedsStdinAndReturnsExitCodes() throws Exception {
        LocalShellConnection c = new LocalShellConnection(home);
        ExecResult r = c.exec("tr a-z A-Z; echo err >&2; exit 7", "hello".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        assertEquals(new ExecResult(7, "HELLO", "err\n"), r);
        assertEquals(home.toRealPath().toString(), c.exec("pwd", Duration.ofSeconds(5)).stdout().strip());
    }

    @Integration
    @Test
    void fakeNodeKillsACommandPastItsTimeoutWithItsChildren() throws Exception {
        LocalShellConnection c = new LocalShellConnection(home);
        // The shell writes the background child's pid before it waits, so the test can watch that
        // child end (an event) instead of sleeping past the moment it would have done harm.
        IOException e = assertThrows(IOException.class,
                () -> c.exec("sleep 60 & echo $! > child.pid; sleep 60", Duration.ofMillis(500)));
        assertInstanceOf(TimeoutException.class, e.getCause());
        long child = Long.parseLong(Files.readString(home.resolve("child.pid")).strip());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)) {
            assertTrue(System.nanoTime() < deadline, "the background child " + child + " still runs: it was not killed with its parent");
            Thread.sleep(20);
        }
    }

    @Integration
    @Test
    void fakeNodePutIsAtomicWithModeAndFetchOfMissingThrows() throws Exception {
        LocalShellConnection c = new LocalShellConnection(home);
        c.put("x".getBytes(StandardCharsets.UTF_8), "a/b/c", 0640, Duration.ofSeconds(5));
        assertEquals("640", c.exec("stat -c %a a/b/c", Duration.ofSeconds(5)).stdout().strip());
        assertArrayEquals("x".getBytes(StandardCharsets.UTF_8), c.fetch(home.resolve("a/b/c").toString(), Duration.ofSeconds(5)));
        assertThrows(NoSuchFileException.class, () -> c.fetch("missing", Duration.ofSeconds(5)));
    }
}
