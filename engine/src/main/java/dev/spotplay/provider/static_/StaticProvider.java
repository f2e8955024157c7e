package dev.spotplay.provider.static_;

import dev.spotplay.inventory.TemplateVars;
import dev.spotplay.playbook.Group;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.provider.Login;
import dev.spotplay.provider.NodeName;
import dev.spotplay.provider.NodeProvider;
import dev.spotplay.provider.NodeVars;
import dev.spotplay.provider.ObservedNode;
import dev.spotplay.state.NodeRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Existing hosts from an Ansible inventory. Observing reads the inventory (every host it lists
 * for the playbook's groups is there; whether it answers is SSH's to find); launching and
 * terminating do nothing, since spotplay does not own these machines.
 */
public final class StaticProvider implements NodeProvider {
    /** Keys ssh tries when nothing names one, in its order. */
    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    private final Playbook playbook;
    private final List<Path> inventory;
    /** Read once per command: a command sees one version of the inventory throughout. */
    private final Map<String, StaticHost> hosts = new LinkedHashMap<>();
    private final dev.spotplay.inventory.Inventory read;
    /** Made when a plan or an apply first asks (status and inventory never do). */
    private TemplateVars vars;

    /** Reads the inventory now, so a broken one fails the command before anything else happens. */
    public StaticProvider(Playbook playbook) {
        this(playbook, InventoryHosts.resolve(playbook, StaticProviderFactory.sources(playbook)));
    }

    /** Over hosts already read from the playbook's inventory (by the factory's validate, in the same command). */
    StaticProvider(Playbook playbook, InventoryHosts.Resolved resolved) {
        this.playbook = playbook;
        this.inventory = StaticProviderFactory.sources(playbook);
        resolved.hosts().forEach(h -> hosts.put(h.name(), h));
        this.read = resolved.inventory();
    }

    /** A host in several of the playbook's groups: those after the first. */
    @Override
    public List<String> otherGroups(String node) {
        StaticHost h = hosts.get(node);
        return h == null ? List.of() : h.groups().subList(1, h.groups().size());
    }

    /** The inventory's variables, {@code hostvars} and {@code groups}, beneath the playbook's vars. */
    @Override
    public synchronized NodeVars nodeVars() {
        if (vars == null) {
            vars = new TemplateVars(read);
        }
        return vars::of;
    }

    @Override
    public List<ObservedNode> observe() {
        return hosts.values().stream()
                .map(h -> new ObservedNode(h.name(), h.group(), h.providerId(), h.address(), h.port(), h.address(), true, null, h.index()))
                .toList();
    }

    @Override
    public void launch(dev.spotplay.provider.LaunchRequest request, LaunchSink sink) throws IOException {
        throw new IOException("the static provider launches nothing: its hosts come from the inventory " + inventory);
    }

    /** A local host runs the playbook's steps on this machine: the plan says so before anyone says yes. */
    @Override
    public Map<String, String> planNotes() {
        List<String> local = hosts.values().stream().filter(StaticHost::local).map(StaticHost::name).toList();
        if (local.isEmpty()) {
            return Map.of();
        }
        return Map.of("ansible_connection=local", String.join(", ", local) + (local.size() == 1 ? " is" : " are")
                + " this machine: " + (local.size() == 1 ? "its" : "their") + " steps run here, as " + System.getProperty("user.name"));
    }

    /** These machines are not spotplay's: terminating one only forgets it. */
    @Override
    public void terminate(List<NodeRecord> nodes) {}

    /** As ssh: the local user name. */
    @Override
    public String defaultUser() {
        return System.getProperty("user.name");
    }

    /**
     * The inventory's user and key for this host. With no key in the inventory or the playbook,
     * the user's own default key (as ssh would try), since nobody put a key spotplay made on these hosts.
     */
    @Override
    public Login login(NodeRecord node) {
        StaticHost h = hosts.get(node.name());
        String user = h == null ? null : h.user();
        Path key = h == null ? null : h.key();
        if (key == null && playbook.ssh().privateKey() == null) {
            key = userDefaultKey();
        }
        return h == null ? new Login(user, key) : new Login(user, key, h.proxyJump(), h.become(), h.local());
    }

    private static Path userDefaultKey() {
        Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
        return Stream.concat(DEFAULT_KEYS.stream().map(ssh::resolve).filter(Files::isRegularFile), Stream.of(ssh.resolve(DEFAULT_KEYS.get(0))))
                .findFirst().orElseThrow();
    }
}
