package dev.spotplay.playbook;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code ssh:} block.
 *
 * @param user           login user; null means the provider's default (the current user for local)
 * @param port           SSH port; 0 means the provider's default (22, or the local node's own port)
 * @param privateKey     a key file the user names ({@code ~} expanded); null: spotplay makes one per cluster
 * @param connectTimeout one TCP/SSH connect attempt
 * @param startTimeout   how long a new node may take to answer SSH before it is "down"
 * @param stepTimeout    default limit for one step on one node
 * @param settings       the provider's own {@code ssh:} keys as its {@link ProviderLanguage#sshKeys} read them
 */
public record SshConfig(
        String user,
        int port,
        String privateKey,
        Duration connectTimeout,
        Duration startTimeout,
        Duration stepTimeout,
        Map<String, Object> settings) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofMinutes(30);

    public SshConfig withStartTimeout(Duration timeout) {
        return new SshConfig(user, port, privateKey, connectTimeout, timeout, stepTimeout, settings);
    }

    public static SshConfig defaults() {
        return new SshConfig(null, 0, null, DEFAULT_CONNECT_TIMEOUT, DEFAULT_START_TIMEOUT, DEFAULT_STEP_TIMEOUT, Map.of());
    }
}
