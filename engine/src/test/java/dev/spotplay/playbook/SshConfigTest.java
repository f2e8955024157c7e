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
    void aBastionIsReadAsOpenSshsProxyJumpWritesIt() {
        assertEquals(new SshConfig.Jump("ops", "10.0.0.1", 2200), SshConfig.Jump.parse("ops@10.0.0.1:2200"));
        assertEquals(new SshConfig.Jump(null, "bastion.example.com", 0), SshConfig.Jump.parse("bastion.example.com"));
        assertEquals(22, SshConfig.Jump.parse("bastion.example.com").portOrDefault());
        assertEquals(new SshConfig.Jump("ops", "fd00::1", 22), SshConfig.Jump.parse("ops@[fd00::1]:22"));
        assertEquals(new SshConfig.Jump(null, "fd00::1", 0), SshConfig.Jump.parse("fd00::1"));
        assertEquals(new SshConfig.Jump("ops", "bastion.example.com", 2222), SshConfig.Jump.parse("ssh://ops@bastion.example.com:2222"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> SshConfig.Jump.parse("a@b:1,c@d:2"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> SshConfig.Jump.parse("ops@:22"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> SshConfig.Jump.parse("@host"));
    }

    @Test
    void aKeyFileIsHomeOrFolderRelative() {
        Path folder = Path.of("/srv/playbooks");
        assertEquals(Path.of(System.getProperty("user.home"), ".ssh/id_rsa"), SshConfig.keyFile("~/.ssh/id_rsa", folder));
        assertEquals(Path.of("/srv/keys/ops"), SshConfig.keyFile("../keys/ops", folder));
        assertEquals(Path.of("/etc/k"), SshConfig.keyFile("/etc/k", folder));
    }
}
