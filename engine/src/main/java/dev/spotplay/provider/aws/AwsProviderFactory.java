package dev.spotplay.provider.aws;

import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.ProviderConfig;
import dev.spotplay.provider.NodeProvider;
import dev.spotplay.provider.ProviderFactory;
import java.nio.file.Path;

/** Registers the {@code aws} provider with ServiceLoader. */
public final class AwsProviderFactory implements ProviderFactory {

    @Override
    public String type() {
        return ProviderConfig.AWS;
    }

    @Override
    public NodeProvider create(Playbook playbook, Path workDir) {
        return new AwsProvider(playbook, workDir);
    }
}
