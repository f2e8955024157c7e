package dev.spotplay.provider.local;

import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.ProviderConfig;
import dev.spotplay.provider.NodeProvider;
import dev.spotplay.provider.ProviderFactory;
import java.nio.file.Path;
import java.util.Optional;

/** Registers the {@code local} provider, the default one, with ServiceLoader. It adds one group key, {@code autostop}. */
public final class LocalProviderFactory implements ProviderFactory {
    static final String TYPE = "local";

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * The daemon checks its nodes' idleness every second, so a local cluster may autostop after
     * seconds: the way to watch (and test) autostop end to end without waiting an hour.
     */
    static final java.time.Duration AUTOSTOP_MIN = java.time.Duration.ofSeconds(1);

    @Override
    public java.util.List<dev.spotplay.playbook.Key> groupKeys() {
        return java.util.List.of(dev.spotplay.provider.Autostop.key(AUTOSTOP_MIN, "the local nodes' daemon checks once a second.")
                .ignoredAs("\"%1$s\" stops nodes spotplay launched; the %3$s provider launches none and ignores it."));
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
