package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.EndToEnd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssh.authorized_keys}: each teammate's public key is added to every node's
 * {@code ~/.ssh/authorized_keys} (once, kept on later applies), so nodes one person launched
 * take another's login; a key added later runs only its own step.
 */
@EndToEnd
class AuthorizedKeysIT {
    private static final String ALICE = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ5ZQKvQ3cIuKa7Ep2bq7C3C4l5m8Ym3Qf1zXhQqkq1A alice@laptop";
    private static final String BOB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGm5m0a3b8o7yQnT8v3Xq6m1m2Jp0dFh9cQk0yJf7a2B bob@desk";
    @TempDir Path dir;

    @BeforeAll
    static void built() throws IOException {
        Cli.markBuilt();
    }

    @AfterEach
    void destroy() throws Exception {
        Cli.run(dir, "destroy", "keys.yml", "--yes");
    }

    private void playbook(String keys) throws IOException {
        Files.writeString(dir.resolve("keys.yml"), """
                name: keys
                ssh:
                  authorized_keys: %s
                groups:
                  web: { count: 2 }
                steps:
                  - name: hello
                    shell: echo hi > hi.txt
                """.formatted(keys));
    }

    private List<String> authorized(String node) throws IOException {
        return Files.readAllLines(dir.resolve(".spotplay/keys/nodes/" + node + "/home/.ssh/authorized_keys"));
    }

    @Test
    void teammatesKeysAreOnEveryNode() throws Exception {
        Files.createDirectories(dir.resolve("team"));
        Files.writeString(dir.resolve("team/alice.pub"), ALICE + "\n");
        Files.writeString(dir.resolve("team/bob.pub"), BOB + "\n");
        playbook("[team/alice.pub]");
        Cli.Result first = Cli.run(dir, "apply", "keys.yml", "--yes");
        assertEquals(0, first.code(), first.both());
        for (String node : List.of("web001", "web002")) {
            assertEquals(List.of(ALICE), authorized(node));
        }
        assertEquals(0, Cli.run(dir, "plan", "keys.yml", "--detailed-exitcode").code());

        playbook("[team/alice.pub, team/bob.pub]");
        Cli.Result plan = Cli.run(dir, "plan", "keys.yml");
        assertTrue(plan.out().contains("run \"authorized key team/bob.pub\" on web001, web002") && !plan.out().contains("alice.pub\""),
                "only the new key's step: " + plan.out());
        assertEquals(0, Cli.run(dir, "apply", "keys.yml", "--yes").code());
        assertEquals(List.of(ALICE, BOB), authorized("web001"));

        // A private key named by mistake is refused where it is written, before anything runs.
        Files.writeString(dir.resolve("team/carol"), "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
        playbook("[team/alice.pub, team/carol]");
        Cli.Result bad = Cli.run(dir, "plan", "keys.yml");
        assertEquals(1, bad.code(), bad.both());
        assertTrue(bad.err().contains("keys.yml:3:") && bad.err().contains("Not a public key") && !bad.err().contains("b3BlbnNzaC1rZXktdjEAAAAA"),
                bad.err());
    }
}
