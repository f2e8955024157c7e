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
 * @param to             the group {@code spotplay ssh} goes to without a node; null for the default
 * @param proxyJump      {@code ssh.proxy_jump}: the bastion every connection goes through; null for none
 */
public record SshConfig(
        String user,
        int port,
        String privateKey,
        Duration connectTimeout,
        Duration startTimeout,
        Duration stepTimeout,
        Map<String, Object> settings,
        String to,
        Jump proxyJump) {

    /** Without {@code proxy_jump}. */
    public SshConfig(String user, int port, String privateKey, Duration connectTimeout, Duration startTimeout, Duration stepTimeout,
                     Map<String, Object> settings, String to) {
        this(user, port, privateKey, connectTimeout, startTimeout, stepTimeout, settings, to, null);
    }

    /**
     * One bastion, as OpenSSH's ProxyJump names it: {@code [user@]host[:port]} (an IPv6 address in
     * brackets). {@code user} null: the node's login user; {@code port} 0: {@link #DEFAULT_PORT}.
     */
    public record Jump(String user, String host, int port) {

        /**
         * Reads {@code [user@]host[:port]}, checking each part as {@code ssh.user}, a node's address
         * and {@code ssh.port} are checked; a chain ({@code a,b}) is refused.
         *
         * @throws IllegalArgumentException saying what is wrong
         */
        public static Jump parse(String text) {
            String t = text.strip();
            if (t.isEmpty()) {
                throw new IllegalArgumentException("it is empty; write user@host:port");
            }
            if (t.contains(",")) {
                throw new IllegalArgumentException("\"" + t + "\" is a chain of bastions; spotplay goes through one bastion only");
            }
            if (t.startsWith("ssh://")) {
                t = t.substring("ssh://".length());
            }
            String user = null;
            int at = t.lastIndexOf('@');
            if (at >= 0) {
                user = t.substring(0, at);
                String problem = dev.spotplay.transport.LoginNames.userProblem(user);
                if (problem != null) {
                    throw new IllegalArgumentException("its user " + problem);
                }
                t = t.substring(at + 1);
            }
            String host = t;
            String port = null;
            if (t.startsWith("[")) {
                int close = t.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("\"" + text + "\" opens a [ for an IPv6 address and does not close it");
                }
                host = t.substring(1, close);
                String rest = t.substring(close + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        throw new IllegalArgumentException("\"" + text + "\" has \"" + rest + "\" after the address; write [address]:port");
                    }
                    port = rest.substring(1);
                }
            } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
                host = t.substring(0, t.indexOf(':'));
                port = t.substring(t.indexOf(':') + 1);
            }
            String hostProblem = dev.spotplay.transport.LoginNames.hostProblem(host);
            if (hostProblem != null) {
                throw new IllegalArgumentException("its host " + hostProblem);
            }
            int p = 0;
            if (port != null) {
                if (!port.matches("[0-9]{1,5}")) {
                    throw new IllegalArgumentException("its port \"" + port + "\" is not a number from 1 to 65535");
                }
                p = Integer.parseInt(port);
                String portProblem = dev.spotplay.transport.LoginNames.portProblem(p);
                if (portProblem != null) {
                    throw new IllegalArgumentException("its " + portProblem);
                }
            }
            return new Jump(user, dev.spotplay.transport.LoginNames.unbracketed(host), p);
        }

        public int portOrDefault() {
            return port > 0 ? port : DEFAULT_PORT;
        }
    }

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
        return new SshConfig(user, port, privateKey, connectTimeout, timeout, stepTimeout, settings, to, proxyJump);
    }

    public static SshConfig defaults() {
        return new SshConfig(null, 0, null, DEFAULT_CONNECT_TIMEOUT, DEFAULT_START_TIMEOUT, DEFAULT_STEP_TIMEOUT, Map.of());
    }
}
