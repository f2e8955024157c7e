package dev.spotplay.provider;

import dev.spotplay.playbook.Playbook;
import java.nio.file.Path;

/** Creates a provider for a playbook; found with ServiceLoader by {@link #type()}. */
public interface ProviderFactory {
    String type();

    /**
     * @param workDir the cluster's private folder beside the state ({@code .spotplay/<name>/}),
     *                mode 0700, for keys and provider files
     */
    NodeProvider create(Playbook playbook, Path workDir);

    /**
     * Checks what this provider reads beside the playbook (a static inventory) without touching
     * the network, for {@code spotplay validate}; throws a
     * {@link dev.spotplay.diag.DiagnosticException} naming every mistake. Default: nothing to check.
     */
    default void validate(Playbook playbook) {}
}
