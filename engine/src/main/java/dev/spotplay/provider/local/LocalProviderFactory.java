package dev.spotplay.provider.local;

import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.ProviderConfig;
import dev.spotplay.provider.NodeProvider;
import dev.spotplay.provider.ProviderFactory;
import java.nio.file.Path;
import java.util.Optional;

/** Registers the {@code local} provider, the default one, with ServiceLoader. It adds no keys to the playbook. */
public final class LocalProviderFactory implements ProviderFactory {
    static final String TYPE = "local";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean isDefault() {
        return true;
    }

    /** Its nodes let the user's key in through the key's public half. */
    @Override
    public Optional<String> publicKeyUse(ProviderConfig provider) {
        return Optional.of("The local provider lets the key in through its public half");
    }

    @Override
    public NodeProvider create(Playbook playbook, Path workDir) {
        return new LocalProvider(playbook, workDir);
    }
}
