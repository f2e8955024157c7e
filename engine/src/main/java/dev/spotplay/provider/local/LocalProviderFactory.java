package dev.spotplay.provider.local;

import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.ProviderConfig;
import dev.spotplay.provider.NodeProvider;
import dev.spotplay.provider.ProviderFactory;
import java.nio.file.Path;

/** Registers the {@code local} provider with ServiceLoader. */
public final class LocalProviderFactory implements ProviderFactory {

    @Override
    public String type() {
        return ProviderConfig.LOCAL;
    }

    @Override
    public NodeProvider create(Playbook playbook, Path workDir) {
        return new LocalProvider(playbook, workDir);
    }
}
