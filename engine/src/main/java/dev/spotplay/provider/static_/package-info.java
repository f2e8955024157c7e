/**
 * The {@code static} provider: hosts that exist already, listed in an Ansible inventory (INI,
 * YAML or JSON files, scripts, folders, or a list of them, with their group_vars and host_vars). A playbook group takes the hosts of the inventory group of the same name (children
 * included); nodes keep their inventory names ({@code web01}, {@code db-a}); nothing is ever
 * launched or terminated, and a host taken out of the inventory is only forgotten. A host in
 * several of the playbook's groups is one node of the first, which runs the steps of all
 * ({@code NodeProvider#otherGroups}), unless one of them waits for another. Each host's
 * inventory variables, {@code hostvars} and the inventory's {@code groups} are its templates'
 * ({@code NodeProvider#nodeVars}, one shared view), and every name the playbook's templates leave
 * to the inventory is checked against the hosts that render it before anything runs
 * ({@code TemplateNames}).
 *
 * <p>What must stay true: the inventory is the whole truth about which hosts exist, read
 * afresh by every command, and {@link dev.spotplay.provider.static_.StaticProvider#observe}
 * never touches the network (whether a host answers is found over SSH, by the walker, like for
 * every provider). Per-host {@code ansible_host}, {@code ansible_port}, {@code ansible_user} and
 * {@code ansible_ssh_private_key_file} (their {@code ansible_ssh_*} spellings winning, as in
 * Ansible) win over the playbook's {@code ssh:} block, and a host's {@code ansible_become} and
 * {@code ansible_become_user} over each step's {@code become}/{@code become_user}; what the
 * inventory asks that spotplay cannot do (passwords, other become methods, connections other than
 * ssh and local) is refused, never ignored. A host's
 * provider id is its address and port, so a host moved to another address is another machine:
 * its steps run again and its key is pinned anew.
 */
package dev.spotplay.provider.static_;
