package dev.spotplay.provider;

import dev.spotplay.playbook.SshConfig;
import java.nio.file.Path;

/**
 * How to log in to one node, where the provider knows it per node (a static inventory's
 * {@code ansible_user}, {@code ansible_ssh_private_key_file} and a ProxyJump in
 * {@code ansible_ssh_common_args}). A null field means "as the playbook's {@code ssh:} block
 * says, else the provider's default".
 */
public record Login(String user, Path privateKey, SshConfig.Jump proxyJump) {
    public static final Login DEFAULT = new Login(null, null, null);

    public Login(String user, Path privateKey) {
        this(user, privateKey, null);
    }
}
