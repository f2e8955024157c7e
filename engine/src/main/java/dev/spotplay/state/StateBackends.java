package dev.spotplay.state;

import dev.spotplay.diag.UserError;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Chooses the backend for a location string among those this build has. */
public final class StateBackends {

    /** RFC 3986's scheme, before the first colon; a plain path has none. */
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):.*", Pattern.DOTALL);

    private StateBackends() {}

    /** The state of {@code cluster} at {@code location} ({@code --state}), by the first backend that takes it. */
    public static StateLocation locate(String location, String cluster) {
        return locate(location, cluster, available());
    }

    /**
     * Where a playbook's state is: {@code --state} if given, else the playbook's own {@code state:}
     * (a relative path there is the playbook's folder's), else the default beside the playbook.
     */
    public static StateLocation forPlaybook(String option, Optional<String> declared, Path playbookDir, String cluster) {
        if (option != null) {
            return locate(option, cluster);
        }
        if (declared.isPresent()) {
            String at = declared.get();
            return locate(scheme(at).isPresent() || at.startsWith("/") ? at : playbookDir.resolve(at).toString(), cluster);
        }
        return defaultFor(playbookDir, cluster);
    }

    /** The state of a playbook that names no location: the default backend's, beside the playbook. */
    public static StateLocation defaultFor(Path playbookDir, String cluster) {
        return available().stream().map(b -> b.defaultLocation(playbookDir, cluster)).flatMap(Optional::stream).findFirst()
                .orElseThrow(() -> new IllegalStateException("no default state backend in this build"));
    }

    /** {@code postgresql://db/x} → {@code postgresql}; a plain path (even one with a colon after a slash) → empty. */
    public static Optional<String> scheme(String location) {
        Matcher m = SCHEME.matcher(location);
        return m.matches() ? Optional.of(m.group(1).toLowerCase(java.util.Locale.ROOT)) : Optional.empty();
    }

    static StateLocation locate(String location, String cluster, List<StateBackend> backends) {
        if (location.isBlank()) {
            throw new UserError("--state is empty; give a state file's path (or leave it out for the default).");
        }
        return backends.stream().filter(b -> b.accepts(location)).findFirst().orElseThrow(() -> new UserError(
                // the scheme only: the rest of a location may hold a password
                "Unknown state scheme \"" + scheme(location).orElse("") + ":\" in --state (this build takes "
                        + backends.stream().flatMap(b -> b.forms().stream()).collect(Collectors.joining(", "))
                        + "); a file whose name has a colon is written ./NAME.")).locate(location, cluster);
    }

    private static List<StateBackend> available() {
        return ServiceLoader.load(StateBackend.class).stream().map(ServiceLoader.Provider::get).toList();
    }
}
