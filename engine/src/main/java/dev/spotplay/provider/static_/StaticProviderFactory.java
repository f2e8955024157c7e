package dev.spotplay.provider.static_;

import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.ProviderConfig;
import dev.spotplay.provider.NodeProvider;
import dev.spotplay.provider.ProviderFactory;
import java.nio.file.Path;

/** Registers the {@code static} provider with ServiceLoader. */
public final class StaticProviderFactory implements ProviderFactory {

    @Override
    public String type() {
        return ProviderConfig.STATIC;
    }

    @Override
    public NodeProvider create(Playbook playbook, Path workDir) {
        return new StaticProvider(playbook);
    }

    @Override
    public void validate(Playbook playbook) {
        InventoryHosts.resolve(playbook, Path.of(playbook.provider().setting("inventory")));
    }
}
