package dev.spotplay.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FileHashes} on real files, with {@code sha256sum} as the judge of every hash. Files
 * written by a test are new, so where a test needs an entry written it runs the cache on a
 * clock an hour ahead (the file then looks long still); the racy rule itself runs on the real
 * clock.
 */
class FileHashesTest {
    @TempDir Path dir;

    private static final LongSupplier AN_HOUR_AHEAD = () -> System.currentTimeMillis() + 3_600_000;

    private Path cache() {
        return dir.resolve("cache");
    }

    private Path randomFile(String name, int size, long seed) throws IOException {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return Files.write(dir.resolve(name), b);
    }

    private static String sha256sum(Path file) throws Exception {
        Process p = new ProcessBuilder(List.of("sha256sum", "--", file.toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.substring(0, 64);
    }

    private List<Path> entries() throws IOException {
        if (!Files.isDirectory(cache())) {
            return List.of();
        }
        try (var s = Files.list(cache())) {
            return s.toList();
        }
    }

    @Test
    void aLargeFilesHashIsRememberedAcrossRunsWithoutReadingItAgain() throws Exception {
        Path f = randomFile("big.bin", (int) FileHashes.PERSIST_FROM_BYTES + 12_345, 1);
        FileHashes first = new FileHashes(cache(), FileHashes.RACY, AN_HOUR_AHEAD);
        assertEquals(sha256sum(f), first.sha256(f));
        assertEquals(Files.size(f), first.bytesHashed());

        FileHashes next = new FileHashes(cache(), FileHashes.RACY, AN_HOUR_AHEAD);
        assertEquals(sha256sum(f), next.sha256(f));
        assertEquals(0, next.bytesHashed(), "the second run read the file again");

        assertEquals(1, entries().size());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(entries().get(0))));
    }

    @Test
    void newContentOfTheSameSizeAndModificationTimeIsHashedAgain() throws Exception {
        Path f = randomFile("big.bin", (int) FileHashes.PERSIST_FROM_BYTES, 2);
        String before = new FileHashes(cache(), FileHashes.RACY, AN_HOUR_AHEAD).sha256(f);
        FileTime mtime = Files.getLastModifiedTime(f);
        long ctime = ctime(f);

        // What cp -p onto the same file, or a tool that restores times, does: other bytes, same size and mtime.
        byte[] other = new byte[(int) FileHashes.PERSIST_FROM_BYTES];
        new Random(3).nextBytes(other);
        Files.write(f, other);
        Files.setLastModifiedTime(f, mtime);
        // The status-change time moves by the file system's clock tick; setting the time again moves it once that ticked.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ctime(f) == ctime && System.nanoTime() < deadline) {
            Files.setLastModifiedTime(f, mtime);
        }
        assertNotEquals(ctime, ctime(f), "the file system never moved the status-change time");
        assertEquals(mtime, Files.getLastModifiedTime(f));

        FileHashes next = new FileHashes(cache(), FileHashes.RACY, AN_HOUR_AHEAD);
        String after = next.sha256(f);
        assertEquals(sha256sum(f), after);
        assertNotEquals(before, after);
        assertEquals(Files.size(f), next.bytesHashed());
    }

    @Test
    void aFileChangedWithinTheRacyWindowIsNotRemembered() throws Exception {
        Path f = randomFile("fresh.bin", (int) FileHashes.PERSIST_FROM_BYTES, 4);
        FileHashes real = new FileHashes(cache(), FileHashes.RACY, System::currentTimeMillis);
        assertEquals(sha256sum(f), real.sha256(f));
        assertEquals(List.of(), entries(), "a file written a moment ago got an entry");
        FileHashes next = new FileHashes(cache(), FileHashes.RACY, System::currentTimeMillis);
        next.sha256(f);
        assertEquals(Files.size(f), next.bytesHashed());
    }

    @Test
    void aDamagedEntryIsIgnoredAndWrittenAgain() throws Exception {
        Path f = randomFile("big.bin", (int) FileHashes.PERSIST_FROM_BYTES * 2, 5);
        new FileHashes(cache(), FileHashes.RACY, AN_HOUR_AHEAD).sha256(f);
        Path entry = entries().get(0);
        String good = Files.readString(entry);
        Files.writeString(entry, good.substring(0, good.length() / 2));

        FileHashes next = new FileHashes(cache(), FileHashes.RACY, AN_HOUR_AHEAD);
        assertEquals(sha256sum(f), next.sha256(f));
        assertEquals(Files.size(f), next.bytesHashed());
        assertEquals(good, Files.readString(entry), "the entry was not written again");
    }

    @Test
    void smallFilesAreHashedEachRunAndOncePerRun() throws Exception {
        Path f = randomFile("small.bin", 4096, 6);
        FileHashes run = new FileHashes(cache(), Duration.ZERO, AN_HOUR_AHEAD);
        assertEquals(sha256sum(f), run.sha256(f));
        assertEquals(sha256sum(f), run.sha256(f));
        assertEquals(4096, run.bytesHashed(), "the same run hashed an unchanged file twice");
        assertEquals(List.of(), entries());
        Files.writeString(f, "changed");
        assertEquals(sha256sum(f), run.sha256(f), "a changed file was answered from this run's memory");
    }

    private static long ctime(Path f) throws IOException {
        return ((FileTime) Files.getAttribute(f, "unix:ctime")).to(TimeUnit.NANOSECONDS);
    }
}
