package dev.spotplay.provider;

import dev.spotplay.playbook.SshConfig;
import java.nio.file.Path;

/**
 * How to log in to one node, where the provider knows it per node (a static inventory's
 * {@code ansible_user}, {@code ansible_ssh_private_key_file} and a ProxyJump in
 * {@code ansible_ssh_common_args}). A null field means "as the playbook's {@code ssh:} block
 * says, else the provider's default".
 *
 * @param become the host's own become ({@code ansible_become*}), over each step's; {@link
 *               dev.spotplay.playbook.Become#NONE} where it says nothing
 * @param local  the host is this machine ({@code ansible_connection=local}): its steps run here, not over SSH
 */
public record Login(String user, Path privateKey, SshConfig.Jump proxyJump, dev.spotplay.playbook.Become become, boolean local) {
    public static final Login DEFAULT = new Login(null, null, null);

    public Login {
        become = become == null ? dev.spotplay.playbook.Become.NONE : become;
    }

    public Login(String user, Path privateKey) {
        this(user, privateKey, null);
    }

    public Login(String user, Path privateKey, SshConfig.Jump proxyJump) {
        this(user, privateKey, proxyJump, null, false);
    }
}
