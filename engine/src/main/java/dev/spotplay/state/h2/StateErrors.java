package dev.spotplay.state.h2;

import dev.spotplay.diag.UserError;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.h2.mvstore.MVStoreException;

/**
 * What a failed read or write of a state file means to the person running spotplay. H2 reports
 * a damaged file, a full disk and a mistake of ours alike, as an SQLException in its own words;
 * this tells the environment's failures apart by H2's error codes and the causes under them,
 * and says each in one line that names the cause and what to do. Anything else stays a
 * {@link StateAccessException}: a bug.
 */
final class StateErrors {

    private static final int IO_EXCEPTION = 90028;
    private static final int FILE_CORRUPTED = 90030;
    private static final int IO_EXCEPTION_2 = 90031;
    private static final int FILE_VERSION_ERROR = 90048;
    /** MVStore's own codes (DataUtils.ERROR_*) for a file whose bytes are not what it wrote. */
    private static final Set<Integer> STORE_CORRUPT = Set.of(1, 5, 6, 9, 50, 100);
    private static final Set<String> NO_SPACE = Set.of("No space left on device", "Disk quota exceeded");
    private static final DateTimeFormatter SAVED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:@%+=,-]+");

    private StateErrors() {}

    /**
     * @param doing what failed, for a bug's message ("opening", "writing state")
     * @param file  the state file as the user knows it
     */
    static RuntimeException translate(Exception e, Path file, String doing) {
        if (e instanceof UserError user) {
            return user;
        }
        Optional<RuntimeException> environment = environment(e, file);
        if (environment.isPresent()) {
            return environment.get();
        }
        if (e instanceof SQLException sql) {
            return new StateAccessException(doing + " " + file, sql);
        }
        if (e instanceof IOException io) {
            return new java.io.UncheckedIOException(doing + " " + file, io);
        }
        return (RuntimeException) e;
    }

    /** A full disk, a damaged file or a refused read, if that is what {@code e} is. */
    static Optional<RuntimeException> environment(Throwable e, Path file) {
        boolean corrupt = false;
        for (Throwable t : chain(e)) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof IOException && NO_SPACE.stream().anyMatch(message::contains)) {
                return Optional.of(noSpace(file, "writing state", t));
            }
            if (t instanceof AccessDeniedException) {
                return Optional.of(new UserError("State file " + file + " cannot be opened: permission denied on " + message
                        + "; run spotplay as the user who owns it.", e));
            }
            if (t instanceof SQLException sql) {
                int code = sql.getErrorCode();
                corrupt |= code == FILE_CORRUPTED || code == FILE_VERSION_ERROR
                        || ((code == IO_EXCEPTION || code == IO_EXCEPTION_2) && message.contains(file.getFileName().toString()));
            }
            if (t instanceof MVStoreException store) {
                corrupt |= STORE_CORRUPT.contains(store.getErrorCode());
            }
        }
        return corrupt ? Optional.of(corrupt(file, e)) : Optional.empty();
    }

    /** {@code No space left on /data (ext4) for PATH while writing state; free space and run again: nothing was lost.} */
    static UserError noSpace(Path file, String doing, Throwable cause) {
        return new UserError("No space left on " + device(file) + " for " + file + " while " + doing
                + "; free space and run again: nothing was lost.", cause);
    }

    static UserError corrupt(Path file, Throwable cause) {
        Path backup = Backups.of(file);
        String restore = Backups.savedAt(file)
                .map(at -> "Restore the last good copy, from " + SAVED.format(at) + ": cp " + shell(backup) + " " + shell(file) + "; or move it aside: ")
                .orElse("Move it aside: ");
        return new UserError("State file " + file + " is corrupt (cut short or overwritten: it cannot be read). " + restore
                + "mv " + shell(file) + " " + shell(file.resolveSibling(file.getFileName() + ".corrupt"))
                + "; the next apply then finds the nodes again from the provider, none duplicated.", cause);
    }

    /** The file system that holds the file, as {@code MOUNTPOINT (TYPE)}. */
    private static String device(Path file) {
        Path p = file.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        try {
            return p == null ? "the device" : Files.getFileStore(p).toString();
        } catch (IOException e) {
            return "the device";
        }
    }

    /** A path a person can paste into a shell. */
    private static String shell(Path p) {
        String s = p.toString();
        return SHELL_SAFE.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /** {@code e}, its causes and what was suppressed on the way, each once. */
    private static Iterable<Throwable> chain(Throwable e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(e);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            Collections.addAll(todo, t.getSuppressed());
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                todo.add(sql.getNextException());
            }
        }
        return seen;
    }
}
