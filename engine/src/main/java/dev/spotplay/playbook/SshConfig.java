package dev.spotplay.playbook;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code ssh:} block.
 *
 * @param user           login user; null means the provider's default (the current user for local)
 * @param port           SSH port; 0 means the provider's default ({@link #DEFAULT_PORT}, or the local node's own port)
 * @param privateKey     a key file the user names ({@code ~} expanded); null: spotplay makes one per cluster ({@link #loginKey})
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
        Map<String, Object> settings,
        String to) {

    /** Without {@code to}: {@code spotplay ssh} picks its default group. */
    public SshConfig(String user, int port, String privateKey, Duration connectTimeout, Duration startTimeout, Duration stepTimeout,
                     Map<String, Object> settings) {
        this(user, port, privateKey, connectTimeout, startTimeout, stepTimeout, settings, null);
    }

    /** The groups {@code spotplay ssh} goes to without a node when the playbook has no {@code ssh.to}, in this order (ElastiCluster's names). */
    public static final java.util.List<String> FRONTENDS = java.util.List.of("head", "frontend", "login", "master");

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofMinutes(30);

    /** SSH's own port, where neither the node nor the playbook names one. */
    public static final int DEFAULT_PORT = 22;

    /** The file, in a cluster's work folder ({@code .spotplay/<name>/}), that holds the key spotplay makes for it. */
    public static final String CLUSTER_KEY_FILE = "id_ed25519";

    /** {@code port}, or {@link #DEFAULT_PORT} where the playbook names none. */
    public int portOrDefault() {
        return port > 0 ? port : DEFAULT_PORT;
    }

    /** The key spotplay logs in with where the node brings none of its own: the one named here, else the cluster's in {@code workDir}. */
    public java.nio.file.Path loginKey(java.nio.file.Path workDir) {
        return privateKey != null ? java.nio.file.Path.of(privateKey) : workDir.resolve(CLUSTER_KEY_FILE);
    }

    /** A key file as a playbook or an inventory writes it: {@code ~} is the user's home, a relative path is relative to {@code folder}. */
    public static java.nio.file.Path keyFile(String written, java.nio.file.Path folder) {
        String path = written.equals("~") || written.startsWith("~/") ? System.getProperty("user.home") + written.substring(1) : written;
        return folder.resolve(path).normalize();
    }

    public SshConfig withStartTimeout(Duration timeout) {
        return new SshConfig(user, port, privateKey, connectTimeout, timeout, stepTimeout, settings, to);
    }

    public static SshConfig defaults() {
        return new SshConfig(null, 0, null, DEFAULT_CONNECT_TIMEOUT, DEFAULT_START_TIMEOUT, DEFAULT_STEP_TIMEOUT, Map.of());
    }
}
