package dev.spotplay.provider.aws;

import dev.spotplay.playbook.Block;
import dev.spotplay.playbook.Key;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.ProviderConfig;
import dev.spotplay.playbook.SshConfig;
import dev.spotplay.playbook.StorageKind;
import dev.spotplay.provider.NodeProvider;
import dev.spotplay.provider.ProviderFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Registers the {@code aws} provider and its language ({@link AwsLanguage}) with ServiceLoader. */
public final class AwsProviderFactory implements ProviderFactory {

    @Override
    public String type() {
        return AwsLanguage.TYPE;
    }

    @Override
    public List<Key> providerKeys() {
        return AwsLanguage.PROVIDER_KEYS;
    }

    @Override
    public List<Key> groupKeys() {
        return AwsLanguage.GROUP_KEYS;
    }

    @Override
    public List<Key> sshKeys() {
        return AwsLanguage.SSH_KEYS;
    }

    @Override
    public List<StorageKind> storageKinds() {
        return AwsLanguage.STORAGE_KINDS;
    }

    @Override
    public List<String> resourceKinds() {
        return AwsLanguage.RESOURCE_KINDS;
    }

    @Override
    public Optional<String> publicKeyUse(ProviderConfig provider) {
        return AwsLanguage.publicKeyUse(provider);
    }

    /** A group with autostop gets the agent's install step first ({@link AutostopAgent}). */
    @Override
    public List<dev.spotplay.playbook.ProvidedStep> groupSteps(dev.spotplay.playbook.Group group, SshConfig ssh) {
        return AutostopAgent.steps(group, ssh.portOrDefault());
    }

    @Override
    public void checkGroup(Block group, String name) {
        AwsLanguage.checkGroup(group, name);
    }

    @Override
    public void check(ProviderConfig provider, Block providerBlock, SshConfig ssh, Block sshBlock) {
        AwsLanguage.check(provider, providerBlock, ssh, sshBlock);
    }

    /** The user data files groups read: a saved plan made from them is refused once they change. */
    @Override
    public List<Path> inputs(Playbook playbook) {
        return playbook.groups().stream().map(g -> new AwsGroup(g).userData()).filter(u -> u != null && u.file() != null)
                .map(AwsLanguage.UserData::file).distinct().toList();
    }

    @Override
    public NodeProvider create(Playbook playbook, Path workDir) {
        return new AwsProvider(playbook, workDir);
    }
}
