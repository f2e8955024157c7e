package dev.spotplay.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputTailTest {

    @Test
    void keepsEverythingUnderTheCap() {
        OutputTail t = new OutputTail(10);
        t.write("hello".getBytes(StandardCharsets.UTF_8), 0, 5);
        assertEquals("hello", t.text());
        assertFalse(t.truncated());
    }

    @Test
    void keepsTheEndAcrossManyWrites() {
        OutputTail t = new OutputTail(8);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            byte[] b = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
            t.write(b, 0, b.length);
            all.append(i);
            String s = all.toString();
            assertEquals(s.substring(Math.max(0, s.length() - 8)), new String(t.bytes(), StandardCharsets.US_ASCII));
        }
        assertTrue(t.truncated());
        assertTrue(t.text().startsWith("[spotplay: output truncated, 82 earlier bytes dropped, last 8 kept]\n"), t.text());
    }

    @Test
    void oneWriteLargerThanTheCap() {
        OutputTail t = new OutputTail(4);
        t.write("abcdefgh".getBytes(StandardCharsets.US_ASCII), 2, 6);
        assertEquals("efgh", new String(t.bytes(), StandardCharsets.US_ASCII));
    }

    @Test
    void dropsAPartialCharacterAtTheCut() {
        OutputTail t = new OutputTail(3);
        byte[] b = "xé!".getBytes(StandardCharsets.UTF_8);   // x, 2-byte é, !
        t.write(b, 0, b.length);
        t.write(new byte[] {'y'}, 0, 1);   // keeps the second byte of é, '!', 'y'
        assertTrue(t.text().endsWith("]\n!y"), t.text());
    }
}
