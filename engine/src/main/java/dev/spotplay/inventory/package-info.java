/**
 * Ansible inventories, in and out, read as Ansible reads them (and tested host by host against
 * ansible-core's {@code ansible-inventory}). {@link dev.spotplay.inventory.InventoryLoader}
 * reads sources (INI, YAML and JSON files, executable scripts, folders, several at once) with the
 * {@code group_vars/} and {@code host_vars/} beside them into an
 * {@link dev.spotplay.inventory.Inventory}, which answers Ansible's questions: the hosts of a
 * group (children included), a host's groups, its variables with Ansible's precedence, one
 * variable with its {@code {{ }}} templates evaluated ({@code Templates}, {@code Resolver}), and
 * its login as Ansible's ssh connection reads it ({@code Logins}).
 * {@link dev.spotplay.inventory.InventoryWriter} writes hosts back as INI, YAML or JSON that
 * Ansible reads.
 *
 * <p>What must stay true: every mistake in an inventory, and every Ansible feature spotplay does
 * not support, is a {@link dev.spotplay.diag.Diagnostic} naming {@code FILE:LINE:COLUMN} (and the
 * feature), collected (all of them), never an exception from deep inside and never a silent drop.
 * Nothing here touches the network or a node; the only process started is an inventory script,
 * with a fixed argument list (no shell), a deadline, and its output in private files. Host and
 * group names, login users, hosts and ports are checked where written, or once evaluated when
 * templated (a name Ansible would read as something else, or a value that could reach ssh as an
 * option, is refused), and the writer quotes every value so that Ansible reads back exactly what
 * spotplay meant. YAML is read through the playbook's {@link dev.spotplay.playbook.YamlReader},
 * with the same limits, and its plain scalars re-read by YAML 1.1's rules as PyYAML reads them.
 */
package dev.spotplay.inventory;
