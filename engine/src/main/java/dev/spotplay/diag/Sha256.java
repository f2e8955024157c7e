package dev.spotplay.diag;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in lowercase hex, as {@code sha256sum} prints it on a node: of bytes, or of a file read in pieces. */
public final class Sha256 {
    private Sha256() {}

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** The file's bytes hashed as they are read, so a file of any size is never held whole. */
    public static byte[] ofFile(Path file) throws IOException {
        MessageDigest d = digest();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) != -1; ) {
                d.update(buf, 0, n);
            }
        }
        return d.digest();
    }

    public static String hexOfFile(Path file) throws IOException {
        return HexFormat.of().formatHex(ofFile(file));
    }
}
