/**
 * Ansible inventories, in and out. {@link dev.spotplay.inventory.InventoryLoader} reads an INI or
 * YAML inventory (groups, {@code children}, group and host vars, host ranges such as
 * {@code web[01:20]} and {@code db-[a:c]}, {@code host:port}) into an
 * {@link dev.spotplay.inventory.Inventory}, which answers Ansible's questions: the hosts of a
 * group (children included) and a host's variables (with Ansible's precedence).
 * {@link dev.spotplay.inventory.InventoryWriter} writes hosts back as INI, YAML or JSON that
 * Ansible reads.
 *
 * <p>What must stay true: every mistake in an inventory is a
 * {@link dev.spotplay.diag.Diagnostic} naming {@code FILE:LINE:COLUMN}, collected (all of them),
 * never an exception from deep inside; nothing here touches the network or a node. Host and group
 * names, login users, hosts and ports are checked where written (a name Ansible would read as
 * something else, or a value that could reach ssh as an option, is refused), and the writer
 * quotes every value so that Ansible reads back exactly what spotplay meant. YAML is read
 * through the playbook's {@link dev.spotplay.playbook.YamlReader}, with the same limits.
 */
package dev.spotplay.inventory;
