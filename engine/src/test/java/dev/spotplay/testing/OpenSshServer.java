package dev.spotplay.testing;

import dev.spotplay.transport.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A real OpenSSH sshd on loopback, one per test JVM. Uses the fixture that {@code ./test.sh}
 * started when {@code SPOTPLAY_TEST_SSHD_DIR} names its folder; otherwise starts one with
 * {@code scripts/sshd-fixture.sh} in a temporary folder and stops it when the JVM exits.
 */
public final class OpenSshServer {

    private static OpenSshServer instance;

    private final Path dir;
    private final String host;
    private final int port;
    private final String user;
    private final Path key;
    private final String becomeUser;
    private final String passwordSudoUser;

    private OpenSshServer(Path dir, Map<String, String> env) {
        this.becomeUser = env.getOrDefault("SSHD_BECOME_USER", "spotplay-sudo");
        this.passwordSudoUser = env.getOrDefault("SSHD_PASSWORD_SUDO_USER", "spotplay-sudopw");
        this.dir = dir;
        this.host = env.get("SSHD_HOST");
        this.port = Integer.parseInt(env.get("SSHD_PORT"));
        this.user = env.get("SSHD_USER");
        this.key = Path.of(env.get("SSHD_KEY"));
    }

    public static synchronized OpenSshServer get() {
        Tier.requireIntegration("OpenSSH sshd");
        if (instance == null) {
            try {
                instance = start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the OpenSSH test fixture: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    private static OpenSshServer start() throws IOException {
        String shared = System.getenv("SPOTPLAY_TEST_SSHD_DIR");
        if (shared != null && !shared.isBlank()) {
            Path dir = Path.of(shared);
            if (!Files.exists(dir.resolve("sshd.env"))) {
                Scripts.run("sshd-fixture.sh", "start", dir.toString());
            }
            return new OpenSshServer(dir, readEnv(dir.resolve("sshd.env")));
        }
        Path dir = Files.createTempDirectory("spotplay-sshd-");
        Scripts.run("sshd-fixture.sh", "start", dir.toString());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Scripts.run("sshd-fixture.sh", "stop", dir.toString());
            } catch (IOException ignored) {
                // The JVM is exiting; the pid file is in a temp folder either way.
            }
        }));
        return new OpenSshServer(dir, readEnv(dir.resolve("sshd.env")));
    }

    private static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return env;
    }

    public Endpoint endpoint(String nodeName, Duration connectTimeout) {
        return new Endpoint(nodeName, host, port, user, key, connectTimeout);
    }

    public Endpoint endpoint() {
        return endpoint("openssh", Duration.ofSeconds(5));
    }

    /** A user that logs in with {@link #key()} and may sudo to anyone without a password (the fixture's sudoers rule). */
    public String becomeUser() {
        return becomeUser;
    }

    /** A user that logs in with {@link #key()} and whose sudo asks for a password it does not have. */
    public String passwordSudoUser() {
        return passwordSudoUser;
    }

    /** The endpoint, logged in as {@code loginUser}. */
    public Endpoint endpointAs(String loginUser) {
        return new Endpoint("openssh", host, port, loginUser, key, Duration.ofSeconds(5));
    }

    public Path dir() {
        return dir;
    }

    public int port() {
        return port;
    }

    public Path key() {
        return key;
    }
}
