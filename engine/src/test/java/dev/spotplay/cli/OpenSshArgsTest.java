package dev.spotplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.Commands;
import dev.spotplay.testing.Integration;
import dev.spotplay.testing.OpenSshServer;
import dev.spotplay.transport.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OpenSSH itself as the oracle: {@code ssh -G} with the argument list {@code spotplay ssh} builds
 * prints the configuration ssh would use. It must show the intended user, host, port, key and
 * known_hosts file, and nothing injected, even for values that should never get this far
 * (they are refused where read; this is the second wall).
 */
@Integration
class OpenSshArgsTest {
    @TempDir Path dir;

    /**
     * ssh -G's view of {@code spotplay ssh}'s argv: option name (lowercase) to its values; null
     * when ssh refuses the user or host name itself (OpenSSH 9.1 and later check them too).
     */
    private Map<String, List<String>> effective(Endpoint e, Path knownHosts, List<String> command) throws Exception {
        List<String> argv = new ArrayList<>(OpenSshArgs.argv(e, knownHosts, command));
        argv.add(1, "-G");
        String out;
        try {
            out = Commands.run(argv);
        } catch (java.io.IOException refused) {
            assertTrue(refused.getMessage().matches("(?s).*(remote username|hostname) contains invalid characters.*"), refused.getMessage());
            return null;
        }
        Map<String, List<String>> config = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                config.computeIfAbsent(line.substring(0, space), k -> new ArrayList<>()).add(line.substring(space + 1));
            }
        }
        return config;
    }

    private Endpoint endpoint(String host, String user, Path key) {
        return new Endpoint("n1", host, 2222, user, key, Duration.ofSeconds(7));
    }

    @Test
    void sshUsesExactlyTheUserHostPortKeyAndKnownHostsGiven() throws Exception {
        Path key = Files.writeString(dir.resolve("my key %d 'x\".pem"), "");
        Path known = Files.writeString(dir.resolve("known hosts %h \"q\""), "");
        Map<String, List<String>> c = effective(endpoint("127.0.3.6", "deploy", key), known, List.of("echo", "hi"));
        assertEquals(List.of("deploy"), c.get("user"), c.toString());
        assertEquals(List.of("127.0.3.6"), c.get("hostname"), c.toString());
        assertEquals(List.of("2222"), c.get("port"), c.toString());
        // ssh -G shows IdentityFile before its %-tokens are expanded (a real login below reads %% as %), the others after.
        assertEquals(List.of(key.toString().replace("%", "%%")), c.get("identityfile"), c.toString());
        assertEquals(List.of(known.toString()), c.get("userknownhostsfile"), c.toString());
        assertEquals(List.of(OpenSshArgs.ALIAS), c.get("hostkeyalias"), c.toString());
        assertEquals(List.of("true"), c.get("stricthostkeychecking"), c.toString());
        assertEquals(List.of("7"), c.get("connecttimeout"), c.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-oProxyCommand=touch${IFS}CANARY", "-oLocalCommand=touch CANARY", "root@127.0.0.9", "a b",
        "%h%n", "-F/etc/passwd", "x\"y", "ssh://evil@127.0.0.9:2200"})
    void noUserOrHostIsReadAsAnOptionOrASecondWord(String hostile) throws Exception {
        Path canary = dir.resolve("canary");
        String value = hostile.replace("CANARY", canary.toString());
        Path key = Files.writeString(dir.resolve("key"), "");
        Path known = Files.writeString(dir.resolve("known"), "");
        for (Endpoint e : List.of(endpoint("127.0.3.6", value, key), endpoint(value, "deploy", key))) {
            Map<String, List<String>> c = effective(e, known, List.of("echo", "hi"));
            if (c == null) {
                continue; // ssh refused the value itself: nothing was injected either
            }
            String shown = e + " -> " + c;
            assertFalse(c.containsKey("proxycommand"), shown);
            assertFalse(c.containsKey("localcommand"), shown);
            assertFalse(c.containsKey("proxyjump"), shown);
            assertEquals(List.of("no"), c.get("permitlocalcommand"), shown);
            assertEquals(List.of("2222"), c.get("port"), shown);
            assertEquals(List.of(key.toString()), c.get("identityfile"), shown);
            assertEquals(List.of(known.toString()), c.get("userknownhostsfile"), shown);
            if (e.user().equals(value)) {
                assertEquals(List.of(value), c.get("user"), shown);
                assertEquals(List.of("127.0.3.6"), c.get("hostname"), shown);
            } else {
                assertEquals(List.of("deploy"), c.get("user"), shown);
                // ssh itself reads user@host and ssh://user@host:port; -l and -p still win (checked above).
                String host = value.startsWith("ssh://") ? java.net.URI.create(value).getHost()
                        : value.contains("@") ? value.substring(value.lastIndexOf('@') + 1) : value;
                assertTrue(c.get("hostname").get(0).equalsIgnoreCase(host), "hostname " + host + ": " + shown);
            }
        }
        assertFalse(Files.exists(canary), "nothing ran on this machine");
    }

    @Test
    void theCommandIsTheRemoteCommandNotOptions() throws Exception {
        Path key = Files.writeString(dir.resolve("key"), "");
        Path known = Files.writeString(dir.resolve("known"), "");
        Map<String, List<String>> c = effective(endpoint("127.0.3.6", "deploy", key), known, List.of("-oProxyCommand=touch x", "-v"));
        assertFalse(c.containsKey("proxycommand"), c.toString());
        assertEquals(List.of("error"), c.get("loglevel").stream().map(s -> s.toLowerCase(Locale.ROOT)).toList(), c.toString());
    }

    @Test
    void aRealLoginWorksWithAwkwardPathsAndRunsTheCommandThere() throws Exception {
        OpenSshServer sshd = OpenSshServer.get();
        Path key = dir.resolve("my key %d 'x\".pem");
        Files.copy(sshd.key(), key);
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String hostKey = Files.readString(sshd.dir().resolve("ssh_host_ed25519_key.pub")).strip().split(" ")[0] + " "
                + Files.readString(sshd.dir().resolve("ssh_host_ed25519_key.pub")).strip().split(" ")[1];
        Path known = Files.writeString(dir.resolve("known hosts %h"), OpenSshArgs.ALIAS + " " + hostKey + "\n");
        Endpoint e = sshd.endpoint("n1", Duration.ofSeconds(5));
        List<String> argv = OpenSshArgs.argv(new Endpoint("n1", e.host(), e.port(), e.user(), key, e.connectTimeout()), known,
                List.of("echo", "hi", "from", "'$(hostname)'"));
        List<String> batch = new ArrayList<>(argv);
        batch.add(1, "-oBatchMode=yes");
        assertEquals("hi from $(hostname)", Commands.run(batch).strip(), "the command is shell words run there, as ssh does");
    }
}
