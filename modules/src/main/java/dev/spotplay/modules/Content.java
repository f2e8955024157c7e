package dev.spotplay.modules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bytes to put on nodes, with their sha256 and base64 worked out once, however many nodes get
 * them: a copy step sends the same file to every node of a group. Local files are read once per
 * run and read again when their size or modification time changes. Thread-safe.
 */
final class Content {
    private static final Map<Path, Cached> FILES = new ConcurrentHashMap<>();

    private record Cached(long size, long modified, Content content) {}

    private final byte[] bytes;
    private volatile String sha256;
    private volatile String base64;

    private Content(byte[] bytes) {
        this.bytes = bytes;
    }

    static Content of(byte[] bytes) {
        return new Content(bytes);
    }

    /** A local file's content, shared by every caller while the file stays as it is. */
    static Content ofFile(Path file) throws IOException {
        Path real = file.toRealPath();
        BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
        Cached c = FILES.get(real);
        if (c == null || c.size() != a.size() || c.modified() != a.lastModifiedTime().toMillis()) {
            c = new Cached(a.size(), a.lastModifiedTime().toMillis(), new Content(Files.readAllBytes(real)));
            FILES.put(real, c);
        }
        return c.content();
    }

    /** The bytes themselves; callers must not change them. */
    byte[] bytes() {
        return bytes;
    }

    int length() {
        return bytes.length;
    }

    String sha256() {
        String s = sha256;
        if (s == null) {
            s = HexFormat.of().formatHex(FileSync.digest().digest(bytes));
            sha256 = s;
        }
        return s;
    }

    /** Base64 in lines of 76, as a here-document carries it. */
    String base64() {
        String s = base64;
        if (s == null) {
            s = Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(bytes);
            base64 = s;
        }
        return s;
    }
}
