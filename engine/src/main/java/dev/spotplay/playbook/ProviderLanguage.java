package dev.spotplay.playbook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a provider adds to the playbook's language: the keys of its {@code provider:} block, its
 * group and {@code ssh:} keys, who names a group's nodes, its storage kinds and the plan resource
 * kinds it reports. The playbook package reads the common language and hands each
 * provider-owned key to the declaration that owns it, so it knows no provider by name.
 *
 * <p>A group or {@code ssh:} key another provider declares is still read and checked by its
 * owner's declaration (so a mistake shows at once, and a playbook can move between providers)
 * and then warned about as ignored. Implemented by each {@code provider.ProviderFactory}, found
 * with ServiceLoader.
 */
public interface ProviderLanguage {

    /** How {@code provider.type} names it. */
    String type();

    /** True for the one provider a playbook without {@code provider:} uses. */
    default boolean isDefault() {
        return false;
    }

    /** The keys of {@code provider:} besides {@code type}. */
    default List<Key> providerKeys() {
        return List.of();
    }

    /** Keys of a group besides the common ones ({@code count}, {@code min_count}, {@code after}). */
    default List<Key> groupKeys() {
        return List.of();
    }

    /** Keys of {@code ssh:} besides the common ones. */
    default List<Key> sshKeys() {
        return List.of();
    }

    default Membership membership() {
        return Membership.COUNTED;
    }

    /** A rule for group names other than the common one (letters, digits, hyphens, no final digit). */
    default Optional<NameRule> groupNames() {
        return Optional.empty();
    }

    default List<StorageKind> storageKinds() {
        return List.of();
    }

    /** The kinds of cluster-wide resources its plans name ({@code plan.Change#resource}). */
    default List<String> resourceKinds() {
        return List.of();
    }

    /** How long a node spotplay has never reached may take to answer SSH, unless {@code ssh.start_timeout} says. */
    default Duration startTimeout() {
        return SshConfig.DEFAULT_START_TIMEOUT;
    }

    /**
     * Why a user's {@code ssh.private_key} needs its {@code .pub} beside it with these settings (a
     * sentence that ends before the file's name), or empty if it does not.
     */
    default Optional<String> publicKeyUse(ProviderConfig provider) {
        return Optional.empty();
    }

    /**
     * Setup steps this provider puts first on a group's nodes (aws: the autostop agent of a group
     * with {@code autostop}), checked through the module catalog and then planned, hashed and
     * resumed like the playbook's own. Default: none.
     */
    default List<ProvidedStep> groupSteps(Group group, SshConfig ssh) {
        return List.of();
    }

    /** Checks across the keys of one group of this provider, once they are read. */
    default void checkGroup(Block group, String name) {}

    /** Checks across blocks, once {@code provider:} and {@code ssh:} are read. */
    default void check(ProviderConfig provider, Block providerBlock, SshConfig ssh, Block sshBlock) {}

    /**
     * Whether its nodes carry variables of their own that templates may name (a static host's
     * inventory variables, {@code hostvars}, {@code inventory_hostname}, {@code groups} of
     * groups the playbook does not declare). Names the playbook cannot resolve then become
     * {@link Playbook#nodeReferences()}, which the provider checks once it has read its nodes.
     */
    default boolean nodeVariables() {
        return false;
    }

    /** A group name rule: the pattern and what it asks for, after {@code Group "NAME": }. */
    record NameRule(Pattern pattern, String detail) {}
}
