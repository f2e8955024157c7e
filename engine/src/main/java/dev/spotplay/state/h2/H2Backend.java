package dev.spotplay.state.h2;

import dev.spotplay.diag.UserError;
import dev.spotplay.state.Holder;
import dev.spotplay.state.StateBackend;
import dev.spotplay.state.StateBackends;
import dev.spotplay.state.StateLocation;
import dev.spotplay.state.StateStore;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded H2 file, the default backend: a plain path ({@code .spotplay/demo.mv.db}), or
 * one written {@code file:PATH} or {@code h2:PATH}. Relative paths are the working directory's.
 */
public final class H2Backend implements StateBackend {

    private static final Set<String> SCHEMES = Set.of("file", "h2");

    @Override
    public List<String> forms() {
        return List.of("PATH", "file:PATH", "h2:PATH");
    }

    @Override
    public boolean accepts(String location) {
        return StateBackends.scheme(location).map(SCHEMES::contains).orElse(true);
    }

    @Override
    public StateLocation locate(String location, String cluster) {
        String path = StateBackends.scheme(location).map(s -> location.substring(s.length() + 1)).orElse(location);
        if (path.startsWith("//")) { // file:///abs/path, as a URL writes it
            if (!path.startsWith("///")) {
                throw new UserError("State location \"" + location + "\" names a host; a state file is local: write file:///PATH or PATH.");
            }
            path = path.substring(2);
        }
        if (path.isEmpty()) {
            throw new UserError("State location \"" + location + "\" names no file; write e.g. .spotplay/demo" + StateFiles.SUFFIX + ".");
        }
        try {
            return new File(Path.of(path).toAbsolutePath());
        } catch (InvalidPathException e) {
            throw new UserError("State location \"" + location + "\" is not a file path: " + e.getReason() + ".");
        }
    }

    /** {@code .spotplay/<cluster>.mv.db} beside the playbook. */
    @Override
    public Optional<StateLocation> defaultLocation(Path playbookDir, String cluster) {
        return Optional.of(new File(playbookDir.resolve(".spotplay").resolve(cluster + StateFiles.SUFFIX).toAbsolutePath()));
    }

    /** A state file; messages name it by its absolute path. */
    private record File(Path dbFile) implements StateLocation {

        @Override
        public String display() {
            return dbFile.toString();
        }

        @Override
        public boolean exists() {
            return Files.exists(dbFile);
        }

        @Override
        public Optional<Path> folder() {
            return Optional.of(dbFile.getParent());
        }

        @Override
        public StateStore openReadOnly(Duration lockTimeout) {
            return StateFiles.openReadOnly(dbFile, lockTimeout);
        }

        @Override
        public StateStore openForUpdate(String cluster, Holder holder, Duration lockTimeout) {
            return StateFiles.openForUpdate(dbFile, cluster, holder, lockTimeout);
        }

        @Override
        public StateStore openForMove(String cluster, Holder holder, Duration lockTimeout) {
            return StateFiles.openForMove(dbFile, cluster, holder, lockTimeout);
        }
    }
}
