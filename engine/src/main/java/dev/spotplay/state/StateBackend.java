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

    /** The state at {@code location}; a malformed one is a {@link dev.spotplay.diag.UserError}. */
    StateLocation locate(String location);

    /** Where a playbook's state lives when no location is given, if this backend is the default. */
    default Optional<StateLocation> defaultLocation(Path playbookDir, String cluster) {
        return Optional.empty();
    }
}
