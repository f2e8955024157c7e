package dev.spotplay.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hierynomus.sshj.userauth.keyprovider.OpenSSHKeyV1KeyFile;
import dev.spotplay.testing.Commands;
import dev.spotplay.testing.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Integration
class KeyPairsTest {

    @Test
    void writesAKeyThatSshjAndSshKeygenAgreeOn(@TempDir Path dir) throws Exception {
        Path key = KeyPairs.ensureEd25519(dir.resolve("new/folder/id_ed25519"), "spotplay-demo");
        assertTrue(Files.readString(key).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())));
        Path pub = dir.resolve("new/folder/id_ed25519.pub");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(pub)));
        String pubLine = Files.readString(pub).strip();
        assertTrue(pubLine.matches("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/=]+ spotplay-demo"), pubLine);

        OpenSSHKeyV1KeyFile loaded = new OpenSSHKeyV1KeyFile();
        loaded.init(key.toFile());
        loaded.getPrivate();
        assertEquals(pubLine.substring(0, pubLine.lastIndexOf(' ')), SshConnector.knownHostsKey(loaded.getPublic()));

        String derived = Commands.run(List.of("ssh-keygen", "-y", "-f", key.toString())).strip();
        assertEquals(pubLine, derived.endsWith(" spotplay-demo") ? derived : derived + " spotplay-demo");
    }

    @Test
    void keepsAnExistingKey(@TempDir Path dir) throws Exception {
        Path key = KeyPairs.ensureEd25519(dir.resolve("id"), "a");
        String before = Files.readString(key);
        Files.delete(KeyPairs.publicKeyFile(key));
        KeyPairs.ensureEd25519(key, "a");
        assertEquals(before, Files.readString(key));
        String derived = Commands.run(List.of("ssh-keygen", "-y", "-f", key.toString())).strip();
        assertEquals(derived.split(" ")[1], Files.readString(KeyPairs.publicKeyFile(key)).split(" ")[1]);
    }
}
