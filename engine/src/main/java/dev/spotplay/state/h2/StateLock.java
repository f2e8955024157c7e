package dev.spotplay.state.h2;

import dev.spotplay.diag.UserError;
import dev.spotplay.state.Locks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An OS file lock on the sidecar {@code <name>.lock} beside a state file, held until closed.
 *
 * <p>The OS releases it when the holder dies, even by {@code kill -9}, so a crash never leaves a
 * stale lock for a person to clear. Within one JVM the locks are also kept in a table: on Linux
 * closing any descriptor of a file drops every lock this process holds on it, so while a lock is
 * held here the file must not be opened again by this process, and a second claim is answered
 * from the table instead.
 */
final class StateLock implements AutoCloseable {

    enum Mode { SHARED, EXCLUSIVE }

    private static final Map<Path, Held> HELD = new HashMap<>();

    private static final class Held {
        final FileChannel channel;
        final FileLock lock;
        final String holder;
        int users = 1;

        Held(FileChannel channel, FileLock lock, String holder) {
            this.channel = channel;
            this.lock = lock;
            this.holder = holder;
        }
    }

    private final Path key;
    private boolean closed;

    private StateLock(Path key) {
        this.key = key;
    }

    /** A lock that guards nothing: a reader of a state that has never had a writer. */
    static StateLock none() {
        StateLock lock = new StateLock(null);
        lock.closed = true;
        return lock;
    }

    /**
     * Takes the lock, retrying until {@code timeout}, else throws a {@link UserError} naming the
     * holder ({@link Locks}). {@code holder} is written into the file for an exclusive lock (it is who others see).
     *
     * @param display the state file as the user named it, for the message
     */
    static StateLock acquire(Path lockFile, Mode mode, String holder, Duration timeout, String display) {
        Locks.await(() -> Optional.ofNullable(tryAcquire(lockFile, mode, holder)), timeout, display);
        return new StateLock(key(lockFile));
    }

    /** Who holds (or last held) the lock, as its holder wrote it. Only call while not holding it. */
    static String holderOf(Path lockFile) {
        try {
            String text = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "another spotplay command" : text;
        } catch (IOException e) {
            return "another spotplay command";
        }
    }

    /** Returns null when taken, else a description of whoever holds it. */
    private static String tryAcquire(Path lockFile, Mode mode, String holder) {
        Path key = key(lockFile);
        synchronized (HELD) {
            Held held = HELD.get(key);
            if (held != null) {
                if (mode == Mode.SHARED && held.lock.isShared()) {
                    held.users++;
                    return null;
                }
                return held.holder;
            }
            FileChannel channel = open(lockFile, mode);
            if (channel == null) {
                return "another spotplay command";
            }
            try {
                FileLock lock;
                try {
                    lock = channel.tryLock(0, Long.MAX_VALUE, mode == Mode.SHARED);
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    channel.close(); // safe: this process holds no lock on the file (the table says so)
                    return holderOf(lockFile);
                }
                String shown = holder;
                if (mode == Mode.EXCLUSIVE) {
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                    channel.force(true);
                } else {
                    shown = "a reader in this process";
                }
                HELD.put(key, new Held(channel, lock, shown));
                return null;
            } catch (IOException e) {
                closeQuietly(channel);
                throw new UncheckedIOException("cannot lock " + lockFile, e);
            }
        }
    }

    private static FileChannel open(Path lockFile, Mode mode) {
        try {
            if (mode == Mode.SHARED) {
                return FileChannel.open(lockFile, StandardOpenOption.READ);
            }
            boolean created = !Files.exists(lockFile);
            FileChannel channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), FileModes.PRIVATE_FILE_ATTR);
            if (created) {
                FileModes.makePrivateFile(lockFile);
            }
            return channel;
        } catch (NoSuchFileException e) {
            return null; // a reader raced a deleted lock file; the caller retries
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + lockFile, e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (HELD) {
            Held held = HELD.get(key);
            if (held != null && --held.users == 0) {
                HELD.remove(key);
                try {
                    held.lock.release();
                } catch (IOException ignored) {
                    // closing the channel releases it anyway
                }
                closeQuietly(held.channel);
            }
        }
    }

    private static Path key(Path lockFile) {
        return lockFile.toAbsolutePath().normalize();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
