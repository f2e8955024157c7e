package dev.spotplay.state;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A kind of place state can live: found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/dev.spotplay.state.StateBackend}) and chosen by the location string a
 * user gives {@code --state} ({@link StateBackends}). The embedded H2 file is one, and the
 * default; a server database is another.
 */
public interface StateBackend {

    /** The forms of location this backend takes, as a user writes them: {@code PATH}, {@code h2:PATH}. */
    List<String> forms();

    /** Whether {@code location} is this backend's: by its scheme ({@link StateBackends#scheme}), or a plain path. */
    boolean accepts(String location);

    /**
     * The state of {@code cluster} at {@code location}; a malformed one is a {@link dev.spotplay.diag.UserError}.
     * A file holds one cluster's state whatever it is named; a database holds many, and the
     * cluster's name says which.
     */
    StateLocation locate(String location, String cluster);

    /** Where a playbook's state lives when no location is given, if this backend is the default. */
    default Optional<StateLocation> defaultLocation(Path playbookDir, String cluster) {
        return Optional.empty();
    }
}
