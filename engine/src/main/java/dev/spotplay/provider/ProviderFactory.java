package dev.spotplay.provider;

import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.ProviderLanguage;
import java.nio.file.Path;

/**
 * Creates a provider for a playbook, and declares the provider's part of the playbook language
 * ({@link ProviderLanguage}: its keys, membership, storage and resource kinds). Found with
 * ServiceLoader by {@link #type()}: each factory is listed under both
 * {@code META-INF/services/dev.spotplay.provider.ProviderFactory} and
 * {@code META-INF/services/dev.spotplay.playbook.ProviderLanguage}, since the playbook package
 * reads the language without depending on this one.
 */
public interface ProviderFactory extends ProviderLanguage {

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

    /**
     * The local files (or folders) this provider reads beside the playbook (a static
     * inventory), so that a saved plan made from them is refused once they change. Default: none.
     */
    default java.util.List<Path> inputs(Playbook playbook) {
        return java.util.List.of();
    }
}
