package dev.spotplay.modules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data inside a fragment ({@link Fragments#data}) writes exactly the bytes given, run by each
 * shell a node may have as {@code sh} (dash, bash, BusyBox ash, where installed): text as the
 * shell's own printf of a quoted word, anything else as base64.
 */
class FragmentsDataTest {
    @TempDir Path tmp;

    static Stream<String> shells() {
        List<String> found = new ArrayList<>();
        for (String s : List.of("/bin/sh", "/bin/dash", "/bin/bash", "/bin/busybox")) {
            if (Files.isExecutable(Path.of(s))) {
                found.add(s);
            }
        }
        return found.stream();
    }

    private static List<byte[]> contents() {
        StringBuilder quotes = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            quotes.append("'\"`$\\");
        }
        return List.of(
                new byte[0],
                "plain\n".getBytes(StandardCharsets.UTF_8),
                "no final line break".getBytes(StandardCharsets.UTF_8),
                "-n\n".getBytes(StandardCharsets.UTF_8),
                "%s %d %% \\n \\0101 \\c\n".getBytes(StandardCharsets.UTF_8),
                "it's $(touch pwned) `touch pwned` ${HOME} $HOME \\\n'\n\n\n".getBytes(StandardCharsets.UTF_8),
                "tab\there\r\nCRLF\r\n\u00e9\u6f22\ud83d\ude00 \u0002\u001b[0m\n".getBytes(StandardCharsets.UTF_8),
                quotes.toString().getBytes(StandardCharsets.UTF_8),
                new byte[] {'a', 1, 'b'},            // bash's own quoting byte
                new byte[] {'a', 0x7f, 'b'},
                new byte[] {'a', 0, 'b'},
                new byte[] {(byte) 0xc3, 'x'},       // not UTF-8
                new byte[] {(byte) 0xff, (byte) 0xfe, 10});
    }

    @ParameterizedTest
    @MethodSource("shells")
    void everyContentArrivesExactly(String shell) throws Exception {
        List<byte[]> all = contents();
        for (int i = 0; i < all.size(); i++) {
            Content c = Content.of(all.get(i));
            Path out = tmp.resolve(shell.replace('/', '_') + "." + i);
            String script = Fragments.data(c, dev.spotplay.transport.Shell.quote(out.toString()));
            List<String> cmd = shell.endsWith("busybox") ? List.of(shell, "sh") : List.of(shell);
            Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), shell + " content " + i + ": " + said);
            assertArrayEquals(all.get(i), Files.readAllBytes(out), shell + " content " + i);
            assertEquals(c.text() != null, script.startsWith("printf "), "content " + i + " travels as text exactly when it is text");
        }
        assertTrue(Files.notExists(tmp.resolve("pwned")), "nothing in the data ran");
        assertTrue(Content.of("caf\u00e9\n".getBytes(StandardCharsets.UTF_8)).text() != null, "UTF-8 text is text");
        assertEquals(null, Content.of(new byte[] {'a', 0, 'b'}).text(), "a NUL makes it binary");
    }
}
