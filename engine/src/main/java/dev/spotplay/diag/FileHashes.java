package dev.spotplay.diag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The SHA-256 of local files, remembered across runs as git's index remembers them: a large file
 * (at least {@link #PERSIST_FROM_BYTES}) that a plan names is hashed once, and later runs take
 * its hash from a small cache entry as long as the file's identity is unchanged: its size, its
 * modification and status-change times (nanoseconds), its inode and device. A change of content
 * that keeps size and modification time (an in-place {@code cp -p}, a tool that restores times)
 * still moves the status-change time, which no user can set. As git does with "racily clean"
 * files, an entry is written only for a file whose times are {@link #RACY} older than the moment
 * its hashing began, so a change within the file system's clock tick of the hashing cannot hide
 * behind an equal stamp. (Hashing a 1 GB file costs the CLI, which runs on the client compiler
 * alone, ~11 s; without this a plan would pay it twice, for its basis and for the step.)
 *
 * <p>The entries live in {@code $XDG_CACHE_HOME/spotplay/file-hashes} (default
 * {@code ~/.cache/spotplay/file-hashes}), folder 0700 and files 0600, one per file, named by the
 * hash of the file's real path and holding that path, so that no two files can share one. An
 * entry that does not read back exactly is ignored and written again; a cache that cannot be
 * written costs the hashing, never the run. Where the file system shows no status-change time or
 * inode (no {@code unix} attribute view), nothing is persisted. Thread-safe.
 */
public final class FileHashes {
    /** Smaller files are hashed every run: it costs milliseconds, and they would only churn the cache. */
    public static final long PERSIST_FROM_BYTES = 1 << 20;
    static final Duration RACY = Duration.ofSeconds(2);
    private static final String FORMAT = "spotplay-file-hash-1";
    private static final int MAX_ENTRY_BYTES = 8192;

    private static volatile FileHashes shared;

    private final Path dir;
    private final Duration racy;
    private final LongSupplier nowMillis;
    private final AtomicLong bytesHashed = new AtomicLong();
    /** This run's answers, so that the plan's basis and the step hash a file once. */
    private final Map<Path, Known> memory = new ConcurrentHashMap<>();

    /** What identifies a file's content without reading it, and the hash it had. */
    private record Known(Identity identity, String sha256) {}

    private record Identity(long size, long modifiedNanos, long changedNanos, Object inode, Object device) {
        String line() {
            return size + " " + modifiedNanos + " " + changedNanos + " " + inode + " " + device;
        }
    }

    /** Entries in {@code dir} (null: this run's memory only); {@code racy} and {@code nowMillis} as described above. */
    FileHashes(Path dir, Duration racy, LongSupplier nowMillis) {
        this.dir = dir;
        this.racy = racy;
        this.nowMillis = nowMillis;
    }

    /** The instance every command uses, on the user's cache folder. */
    public static FileHashes shared() {
        FileHashes s = shared;
        if (s == null) {
            synchronized (FileHashes.class) {
                s = shared;
                if (s == null) {
                    s = new FileHashes(defaultDir(), RACY, System::currentTimeMillis);
                    shared = s;
                }
            }
        }
        return s;
    }

    private static Path defaultDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && xdg.startsWith("/") ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("spotplay").resolve("file-hashes");
    }

    /** The file's SHA-256 in lowercase hex, as {@code sha256sum} prints it. */
    public String sha256(Path file) throws IOException {
        Path real = file.toRealPath();
        Identity before = identity(real);
        Known known = memory.get(real);
        if (known != null && before != null && known.identity().equals(before)) {
            return known.sha256();
        }
        boolean persisted = dir != null && before != null && before.size() >= PERSIST_FROM_BYTES;
        if (persisted) {
            String cached = read(real, before);
            if (cached != null) {
                memory.put(real, new Known(before, cached));
                return cached;
            }
        }
        long started = nowMillis.getAsLong();
        String sha = Sha256.hexOfFile(real);
        bytesHashed.addAndGet(Files.size(real));
        Identity after = identity(real);
        if (before != null && before.equals(after)) {   // unchanged while it was read
            memory.put(real, new Known(before, sha));
            long stillSince = started - racy.toMillis();
            if (persisted && TimeUnit.NANOSECONDS.toMillis(Math.max(before.modifiedNanos(), before.changedNanos())) < stillSince) {
                write(real, before, sha);
            }
        }
        return sha;
    }

    /** Bytes read to hash them, by this instance: what the cache saves shows here. */
    long bytesHashed() {
        return bytesHashed.get();
    }

    /** The file's identity, or null where the file system cannot tell it (no unix attribute view). */
    private static Identity identity(Path real) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(real, "unix:size,lastModifiedTime,ctime,ino,dev");
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return null;
        }
        return new Identity((Long) a.get("size"), ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
                ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS), a.get("ino"), a.get("dev"));
    }

    private Path entry(Path real) {
        return dir.resolve(Sha256.hex(real.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The cached hash, if the entry reads back exactly for this path and identity. */
    private String read(Path real, Identity identity) {
        Path e = entry(real);
        try {
            if (!Files.isRegularFile(e) || Files.size(e) > MAX_ENTRY_BYTES) {
                return null;
            }
            String[] lines = Files.readString(e, StandardCharsets.UTF_8).split("\n", -1);
            if (lines.length == 5 && lines[0].equals(FORMAT) && lines[1].equals(real.toString())
                    && lines[2].equals(identity.line()) && lines[3].matches("[0-9a-f]{64}") && lines[4].isEmpty()) {
                return lines[3];
            }
        } catch (IOException | RuntimeException unreadable) {
            // hashed again, and the entry rewritten
        }
        return null;
    }

    private void write(Path real, Identity identity, String sha) {
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path e = entry(real);
            Path temp = Files.createTempFile(dir, ".entry", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temp, FORMAT + "\n" + real + "\n" + identity.line() + "\n" + sha + "\n", StandardCharsets.UTF_8);
                try {
                    Files.move(temp, e, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException notAtomic) {
                    Files.move(temp, e, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // No cache this time: the next run hashes the file again.
        }
    }

    /** The hash as bytes, for callers that combine several (a folder's). */
    public byte[] sha256Bytes(Path file) throws IOException {
        return HexFormat.of().parseHex(sha256(file));
    }

    @Override
    public String toString() {
        return "FileHashes[" + Objects.requireNonNullElse(dir, "memory only") + "]";
    }
}
