package dev.spotplay.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The one place the SSH defaults are decided: the port, the key spotplay logs in with, how a key file is written. */
class SshConfigTest {
    final Path work = Path.of("/work/.spotplay/demo");

    @Test
    void portAndKeyDefaultToSshsPortAndTheClustersOwnKey() {
        SshConfig none = SshConfig.defaults();
        assertEquals(22, none.portOrDefault());
        assertEquals(work.resolve("id_ed25519"), none.loginKey(work));
        SshConfig named = new SshConfig(null, 2222, "/keys/ops", none.connectTimeout(), none.startTimeout(), none.stepTimeout(), none.settings());
        assertEquals(2222, named.portOrDefault());
        assertEquals(Path.of("/keys/ops"), named.loginKey(work));
    }

    @Test
    void aKeyFileIsHomeOrFolderRelative() {
        Path folder = Path.of("/srv/playbooks");
        assertEquals(Path.of(System.getProperty("user.home"), ".ssh/id_rsa"), SshConfig.keyFile("~/.ssh/id_rsa", folder));
        assertEquals(Path.of("/srv/keys/ops"), SshConfig.keyFile("../keys/ops", folder));
        assertEquals(Path.of("/etc/k"), SshConfig.keyFile("/etc/k", folder));
    }
}
