package dev.spotplay.transport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Collects a stream's bytes, keeping only the last {@code cap} of them: the end of a failing
 * command's output is what explains the failure. Not thread-safe; one pump writes it. Every
 * connection keeps a command's output with it, so that all cap it alike.
 */
public final class OutputTail {

    private final int cap;
    private byte[] buf;
    private int start;   // index of the oldest kept byte once the ring is full
    private int size;
    private long total;

    public OutputTail(int cap) {
        this.cap = cap;
        this.buf = new byte[Math.min(cap, 256)];
    }

    public void write(byte[] b, int off, int len) {
        total += len;
        if (len >= cap) {
            buf = Arrays.copyOfRange(b, off + len - cap, off + len);
            start = 0;
            size = cap;
            return;
        }
        if (size + len > buf.length && buf.length < cap) {
            grow(Math.min(cap, Math.max(buf.length * 2, size + len)));
        }
        int at = (start + size) % buf.length;
        for (int src = off, left = len; left > 0; ) {
            int chunk = Math.min(left, buf.length - at);
            System.arraycopy(b, src, buf, at, chunk);
            at = (at + chunk) % buf.length;
            src += chunk;
            left -= chunk;
        }
        int grown = size + len;
        if (grown > buf.length) {
            start = (start + grown - buf.length) % buf.length;   // the oldest bytes were overwritten
            size = buf.length;
        } else {
            size = grown;
        }
    }

    private void grow(int newLength) {
        buf = Arrays.copyOf(bytes(), newLength);
        start = 0;
    }

    /** The kept bytes, oldest first. */
    public byte[] bytes() {
        byte[] out = new byte[size];
        int first = Math.min(size, buf.length - start);
        System.arraycopy(buf, start, out, 0, first);
        System.arraycopy(buf, 0, out, first, size - first);
        return out;
    }

    public boolean truncated() {
        return total > size;
    }

    /** The kept bytes as UTF-8, preceded by a note when the beginning was dropped. */
    public String text() {
        byte[] kept = bytes();
        if (!truncated()) {
            return new String(kept, StandardCharsets.UTF_8);
        }
        int from = 0;
        while (from < kept.length && from < 3 && (kept[from] & 0xC0) == 0x80) {
            from++;   // the cut may fall inside a UTF-8 sequence; drop its orphaned continuation bytes
        }
        return "[spotplay: output truncated, " + (total - size) + " earlier bytes dropped, last " + size + " kept]\n"
                + new String(kept, from, kept.length - from, StandardCharsets.UTF_8);
    }
}
