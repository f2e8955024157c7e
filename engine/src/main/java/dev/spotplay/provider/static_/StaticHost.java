package dev.spotplay.provider.static_;

import java.nio.file.Path;

/**
 * One inventory host as a node of the cluster.
 *
 * @param name    the inventory's host name, which is the node's name
 * @param groups  the playbook groups (and inventory groups) it belongs to, in playbook order; the first is its node's group
 * @param index   its 1-based position in its first group, in inventory order ({@code node.index})
 * @param address {@code ansible_host}, else the host name
 * @param port    {@code ansible_port}, else the playbook's {@code ssh.port}, else 22
 * @param user    {@code ansible_user}, or null for the playbook's
 * @param key     {@code ansible_ssh_private_key_file} ({@code ~} and paths relative to the
 *                inventory's folder resolved), or null for the playbook's
 * @param proxyJump the bastion its {@code ansible_ssh_common_args}/{@code ansible_ssh_extra_args} name, or null for the playbook's
 * @param become  its {@code ansible_become}/{@code ansible_become_user}
 * @param local   {@code ansible_connection=local}: this machine, reached without SSH
 */
record StaticHost(String name, java.util.List<String> groups, int index, String address, int port, String user, Path key,
                  dev.spotplay.playbook.SshConfig.Jump proxyJump, dev.spotplay.playbook.Become become, boolean local) {

    StaticHost {
        groups = java.util.List.copyOf(groups);
    }

    /** Its node's group: the first of its groups. */
    String group() {
        return groups.get(0);
    }

    StaticHost inGroups(java.util.List<String> all) {
        return new StaticHost(name, all, index, address, port, user, key, proxyJump, become, local);
    }

    /** The same address and port is the same machine, whatever the host is called. */
    String providerId() {
        return "static:" + address + ":" + port;
    }
}
