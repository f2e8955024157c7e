package dev.spotplay.inventory;

/**
 * Where and how to log in to one inventory host, as Ansible's ssh connection reads the host's
 * variables.
 *
 * @param host    the inventory's host name
 * @param address {@code ansible_ssh_host}, else {@code ansible_host}, else the host name
 * @param port    {@code ansible_ssh_port}, else {@code ansible_port}, else null (the playbook's)
 * @param user    {@code ansible_ssh_user}, else {@code ansible_user}, else null (the playbook's)
 * @param key     {@code ansible_ssh_private_key_file}, else {@code ansible_private_key_file},
 *                as written (a path not yet resolved), else null
 * @param proxyJump the bastion {@code ansible_ssh_common_args} or {@code ansible_ssh_extra_args}
 *                names ({@code -o ProxyJump=}, {@code -J}, {@code -o ProxyCommand="ssh -W %h:%p ..."}), else null
 * @param become  {@code ansible_become} and {@code ansible_become_user} (method sudo), each null where unset
 * @param local   {@code ansible_connection=local}: the host is the control machine
 */
public record HostLogin(String host, String address, Integer port, String user, String key,
                        dev.spotplay.playbook.SshConfig.Jump proxyJump, dev.spotplay.playbook.Become become, boolean local) {

    public HostLogin {
        become = become == null ? dev.spotplay.playbook.Become.NONE : become;
    }

    public HostLogin(String host, String address, Integer port, String user, String key) {
        this(host, address, port, user, key, null, null, false);
    }
}
