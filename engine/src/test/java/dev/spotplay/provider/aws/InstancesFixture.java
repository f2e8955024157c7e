package dev.spotplay.provider.aws;

import dev.spotplay.testing.Scripts;
import dev.spotplay.testing.Tier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The sshd daemons on 127.0.1.x and 127.0.2.x that answer for moto's instances
 * ({@code scripts/instances-fixture.sh}): the one {@code ./test.sh} started
 * ({@code SPOTPLAY_TEST_INSTANCES_DIR}), else one started here under {@code .test-run/instances},
 * left running for the next test run (the script reuses it).
 */
public final class InstancesFixture {
    private static InstancesFixture instance;

    private final Path dir;
    private final int port;
    private final String user;

    private InstancesFixture(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.port = Integer.parseInt(env.get("INSTANCES_PORT"));
        this.user = env.get("INSTANCES_USER");
    }

    public static synchronized InstancesFixture get() {
        Tier.requireIntegration("the instances' sshd");
        if (instance == null) {
            try {
                String shared = System.getenv("SPOTPLAY_TEST_INSTANCES_DIR");
                Path dir = shared != null && !shared.isBlank() ? Path.of(shared)
                        : Scripts.repositoryRoot().resolve(".test-run/instances");
                if (!Files.exists(dir.resolve("instances.env"))) {
                    Scripts.run("instances-fixture.sh", "start", dir.toString());
                }
                Map<String, String> env = new HashMap<>();
                for (String line : Files.readAllLines(dir.resolve("instances.env"))) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        env.put(line.substring(0, eq), line.substring(eq + 1).strip());
                    }
                }
                instance = new InstancesFixture(dir, env);
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the instances' sshd: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    /** The fstab the EFS mount step writes to on these "instances". */
    public Path fstab() {
        return dir.resolve("fstab");
    }

    /**
     * The folder the autostop agent is installed under on these "instances" (their sessions get
     * {@code SPOTPLAY_AUTOSTOP_ROOT}); fails if the running fixture predates it, since the agent
     * would then be installed into this machine's own {@code /}.
     */
    public Path autostopRoot() throws IOException {
        try (var confs = Files.list(dir)) {
            boolean set = confs.filter(p -> p.getFileName().toString().matches("sshd-\\d+\\.conf")).findFirst()
                    .map(p -> {
                        try {
                            return Files.readString(p).contains("SPOTPLAY_AUTOSTOP_ROOT=");
                        } catch (IOException e) {
                            return false;
                        }
                    }).orElse(false);
            if (!set) {
                throw new IllegalStateException("the instances fixture in " + dir + " predates SPOTPLAY_AUTOSTOP_ROOT: "
                        + "scripts/instances-fixture.sh stop " + dir + ", then run the tests again");
            }
        }
        return dir.resolve("autostop-root");
    }

    /** Lets the cluster keys spotplay makes under {@code folder}/.spotplay/ log in. */
    public void trustKeysUnder(Path folder) throws IOException {
        Files.writeString(dir.resolve("key-roots"), folder.toAbsolutePath() + "\n", StandardOpenOption.APPEND);
    }
}
