package dev.spotplay.modules;

import dev.spotplay.diag.Sha256;
import dev.spotplay.transport.Connection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Base64;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bytes to put on nodes, with their sha256 and base64 worked out once, however many nodes get
 * them: a copy step sends the same file to every node of a group. Local files are read once per
 * run and read again when their size or modification time changes. A local file too large to
 * travel inside a batch ({@link Fragments#MAX_INLINE_BYTES}) is never held in memory: only its
 * size and sha256 are kept (the hash remembered across runs, {@link dev.spotplay.diag.FileHashes}),
 * and it is streamed from disk to each node that lacks it ({@link #send}). Thread-safe.
 */
final class Content {
    private static final Map<Path, Cached> FILES = new ConcurrentHashMap<>();
    private static final long RACY_MILLIS = 2000;

    // Nanoseconds and the file's identity, not milliseconds: an edit of the same size within one
    // millisecond (a test, a generator) must still be read again.
    private record Cached(long size, long modifiedNanos, Object fileKey, Content content) {}

    /** The bytes, or null when the content stays in {@link #file}. */
    private final byte[] bytes;
    private final Path file;
    private final long length;
    private volatile String sha256;
    private volatile String base64;
    /** {@link #text}, worked out once: the text, or {@link #NOT_TEXT}. */
    private volatile String text;
    private static final String NOT_TEXT = new String("not text");

    private Content(byte[] bytes) {
        this.bytes = bytes;
        this.file = null;
        this.length = bytes.length;
    }

    private Content(Path file, long length, String sha256) {
        this.bytes = null;
        this.file = file;
        this.length = length;
        this.sha256 = sha256;
    }

    static Content of(byte[] bytes) {
        return new Content(bytes);
    }

    /** A local file's content, shared by every caller while the file stays as it is. */
    static Content ofFile(Path file) throws IOException {
        Path real = file.toRealPath();
        BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
        Cached c = FILES.get(real);
        long nanos = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        if (c != null && c.size() == a.size() && c.modifiedNanos() == nanos && java.util.Objects.equals(c.fileKey(), a.fileKey())) {
            return c.content();
        }
        Content fresh = a.size() > Fragments.MAX_INLINE_BYTES
                ? new Content(real, a.size(), dev.spotplay.diag.FileHashes.shared().sha256(real))
                : new Content(Files.readAllBytes(real));
        // As git does with "racily clean" files: file systems stamp times by the clock tick, so a
        // file changed in the last moments may change again under the same stamp. Only files
        // that have been still for a while are cached; the others are read every time.
        if (System.currentTimeMillis() - a.lastModifiedTime().toMillis() > RACY_MILLIS) {
            FILES.put(real, new Cached(a.size(), nanos, a.fileKey(), fresh));
        } else {
            FILES.remove(real);
        }
        return fresh;
    }

    /** The bytes themselves, for content small enough to travel inline; callers must not change them. */
    byte[] bytes() {
        if (bytes == null) {
            throw new IllegalStateException(file + " is sent from disk, never held whole");
        }
        return bytes;
    }

    long length() {
        return length;
    }

    /** Writes the content to {@code remotePath} on the node, as {@link Connection#put} does; a large local file is streamed. */
    void send(Connection connection, String remotePath, int mode, Duration timeout) throws IOException {
        if (bytes != null) {
            connection.put(bytes, remotePath, mode, timeout);
        } else {
            connection.putFile(file, remotePath, mode, timeout);
        }
    }

    String sha256() {
        String s = sha256;
        if (s == null) {
            s = Sha256.hex(bytes);
            sha256 = s;
        }
        return s;
    }

    /**
     * The bytes as text, when they can travel as a shell word exactly: valid UTF-8 (so the batch,
     * sent as UTF-8, carries them unchanged) with no NUL (no shell keeps one) and none of the
     * bytes 0x01 and 0x7f (which bash uses inside its own quoting); else null, and the content
     * travels as {@link #base64}.
     */
    String text() {
        String t = text;
        if (t == null) {
            t = NOT_TEXT;
            byte[] b = bytes();
            boolean plain = true;
            for (byte x : b) {
                if (x == 0 || x == 1 || x == 0x7f) {
                    plain = false;
                    break;
                }
            }
            if (plain) {
                try {
                    t = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                            .decode(java.nio.ByteBuffer.wrap(b)).toString();
                } catch (java.nio.charset.CharacterCodingException e) {
                    t = NOT_TEXT;
                }
            }
            text = t;
        }
        return t == NOT_TEXT ? null : t;
    }

    /** Base64 in lines of 76, as a here-document carries it. */
    String base64() {
        String s = base64;
        if (s == null) {
            s = Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(bytes());
            base64 = s;
        }
        return s;
    }
}
