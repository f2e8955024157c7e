package dev.spotplay.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spotplay.diag.Diagnostic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostileYamlTest {
    @TempDir Path dir;

    @Test
    void billionLaughsIsRefused() {
        StringBuilder y = new StringBuilder("name: x\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            y.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            y.append("]\n");
        }
        Fixtures.errorContaining(Fixtures.errors(Fixtures.write(dir, y.toString())), "aliases");
    }

    @Test
    void deepNestingIsRefusedWithoutOverflowingTheStack() {
        String y = "name: x\ngroups: " + "[".repeat(100_000) + "\n";
        Diagnostic d = Fixtures.errorContaining(Fixtures.errors(Fixtures.write(dir, y)), "nested at most 32 levels");
        assertEquals(2, d.range().line());
    }

    @Test
    void overOneMebibyteIsRefusedBeforeParsing() {
        String y = "name: x\n#" + "x".repeat(1024 * 1024) + "\n";
        Fixtures.errorContaining(Fixtures.errors(Fixtures.write(dir, y)), "at most 1 MiB");
    }

    @Test
    void nonUtf8BytesAreRefusedWithTheirPosition() {
        byte[] bytes = "name: x\ngroups:\n  w\u00e9:\n".getBytes(StandardCharsets.ISO_8859_1);
        Diagnostic d = Fixtures.errorContaining(Fixtures.errors(Fixtures.write(dir, bytes)), "not valid UTF-8");
        assertEquals("3:4", d.range().line() + ":" + d.range().column());
    }

    @Test
    void undefinedAliasIsASyntaxError() {
        Diagnostic d = Fixtures.errorContaining(Fixtures.errors(Fixtures.write(dir, "name: *nope\n")), "undefined alias");
        assertEquals(1, d.range().line());
    }

    @Test
    void byteOrderMarkIsAccepted() {
        byte[] body = "name: x\ngroups:\n  w: {count: 1}\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);
        assertEquals("x", PlaybookLoader.load(Fixtures.write(dir, bytes), TestModules.catalog()).playbook().name());
    }
}
