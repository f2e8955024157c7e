package dev.spotplay.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotplay.diag.DiagnosticException;
import dev.spotplay.diag.Diagnostics;
import dev.spotplay.testing.AnsibleInventory;
import dev.spotplay.testing.Integration;
import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * spotplay's reading of an inventory against Ansible's own, host by host. Each folder of
 * {@code src/test/resources/inventory/corpus} is one inventory (a file, a folder, a script, or
 * several sources) with a {@code case.properties}:
 * <pre>
 * sources=hosts.ini,more/        the inventory sources, as given to -i, relative to the folder
 * executable=inventory.py         files that must be executable (resources lose the bit)
 * var=http_port                   a variable whose value (templates resolved) is compared too
 * refused=ansible_password        spotplay must refuse the inventory with a message holding this
 * </pre>
 * The oracle is ansible-core from PyPI: {@code ansible-inventory --list} for the hosts, their
 * groups and variables, and {@code ansible all -m debug} (it runs on the controller and connects
 * to nothing) for the values after Ansible's templating, and for what a step's template sees
 * ({@link TemplateVars}): {@code inventory_hostname}, {@code group_names}, {@code groups} (every
 * group's hosts, in order) and {@code hostvars[FIRST][var]}, compared as JSON values (types kept). Ansible's ssh connection takes the
 * address from {@code inventory_hostname}, {@code ansible_host}, {@code ansible_ssh_host}, the
 * last one set winning (the order of the {@code vars} of its options in ssh.py); likewise port,
 * user and key file, and become's user (sudo.py). Become is {@code ansible_become} as Ansible's
 * {@code bool} reads it; a host is local when its {@code ansible_connection} is {@code local}.
 */
@Integration
class AnsibleDifferentialTest {
    static final Path CORPUS = corpus();
    static final List<String> ADDRESS = List.of("inventory_hostname", "ansible_host", "ansible_ssh_host");
    static final List<String> PORT = List.of("ansible_port", "ansible_ssh_port");
    static final List<String> USER = List.of("ansible_user", "ansible_ssh_user");
    static final List<String> KEY = List.of("ansible_private_key_file", "ansible_ssh_private_key_file");
    /** become_user's variables in the order of Ansible's sudo become plugin (the last set wins). */
    static final List<String> BECOME_USER = List.of("ansible_become_user", "ansible_sudo_user");

    @TempDir Path dir;

    static Stream<String> cases() throws IOException {
        try (Stream<Path> s = Files.list(CORPUS)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void spotplayReadsItAsAnsibleDoes(String name) throws Exception {
        Path work = dir.resolve(name);
        copy(CORPUS.resolve(name), work);
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(work.resolve("case.properties"))) {
            props.load(r);
        }
        for (String exe : list(props.getProperty("executable", ""))) {
            Files.setPosixFilePermissions(work.resolve(exe), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        List<Path> sources = list(props.getProperty("sources", "")).stream().map(work::resolve).toList();
        assertFalse(sources.isEmpty(), name + ": case.properties names no sources");
        String refused = props.getProperty("refused");
        String var = props.getProperty("var");
        if (refused != null) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> readBySpotplay(sources, var), name + " must be refused");
            String message = e instanceof DiagnosticException d ? d.diagnostics().render() : e.getMessage();
            assertTrue(message.contains(refused), name + ": the refusal names \"" + refused + "\":\n" + message);
            return;
        }

        JsonNode listed = AnsibleInventory.listSources(sources);
        Map<String, SortedSet<String>> groups = groupsByHost(listed);
        String first = listed.path("_meta").path("hostvars").fieldNames().hasNext()
                ? listed.path("_meta").path("hostvars").fieldNames().next() : null;
        Map<String, JsonNode> templated = AnsibleInventory.debug(sources, template(var, first));
        Map<String, Seen> spotplay;
        TemplateVars scope;
        try {
            spotplay = readBySpotplay(sources, var);
            scope = new TemplateVars(InventoryLoader.load(sources));
        } catch (DiagnosticException e) {
            throw new AssertionError(name + ": spotplay refused what Ansible reads:\n" + e.diagnostics().render()
                    + "\nAnsible:\n" + listed.toPrettyString());
        }
        assertEquals(new TreeSet<>(groups.keySet()), new TreeSet<>(spotplay.keySet()), name + ": the hosts");
        assertFalse(groups.isEmpty(), name + ": a case with no host tests nothing");
        for (String host : groups.keySet()) {
            String what = name + ", host " + host + " (Ansible's vars: " + listed.path("_meta").path("hostvars").path(host) + ")";
            Seen seen = spotplay.get(host);
            assertEquals(groups.get(host), seen.groups(), what + ": groups");
            JsonNode result = templated.get(host);
            assertNotNull(result, what + ": Ansible templated nothing for it");
            if (result.path("failed").asBoolean(false)) {
                fail(what + ": Ansible cannot template its vars (" + result.path("msg").asText() + "), but spotplay read them as " + seen);
            }
            JsonNode values = result.path("msg");
            HostLogin login = seen.login();
            assertEquals(last(values, ADDRESS, host), login.address(), what + ": address");
            String port = last(values, PORT, null);
            assertEquals(port == null ? null : Integer.valueOf(Integer.parseInt(port.strip())), login.port(), what + ": port");
            assertEquals(last(values, USER, null), login.user(), what + ": user");
            assertEquals(last(values, KEY, null), login.key(), what + ": key file");
            JsonNode become = values.path("become");
            assertEquals(become.isNull() || become.isMissingNode() ? null : become.asBoolean(), login.become().enabled(), what + ": become");
            assertEquals(last(values, BECOME_USER, null), login.become().user(), what + ": become user");
            assertEquals("local".equals(values.path("ansible_connection").asText()), login.local(), what + ": connection");
            if (var != null) {
                String expected = shown(values.path(var));
                String actual = shown(new ObjectMapper().valueToTree(seen.var()));
                if (!sameNumber(expected, actual)) {
                    assertEquals(expected, actual, what + ": " + var);
                }
            }
            Map<String, Object> own = scope.of(host);
            ObjectMapper json = new ObjectMapper();
            assertEquals(values.path("_inventory_hostname"), json.valueToTree(own.get("inventory_hostname")), what + ": inventory_hostname");
            assertEquals(values.path("_group_names"), json.valueToTree(own.get("group_names")), what + ": group_names");
            assertEquals(values.path("_groups"), json.valueToTree(own.get("groups")), what + ": groups, in order");
            if (var != null && first != null) {
                Map<?, ?> other = (Map<?, ?>) ((Map<?, ?>) own.get("hostvars")).get(first);
                JsonNode expected = values.path("_hostvars_var");
                JsonNode actual = json.valueToTree(other.containsKey(var) ? other.get(var) : null);
                assertTrue(sameValue(expected, actual), what + ": hostvars['" + first + "']['" + var + "'], its type kept: Ansible "
                        + expected + ", spotplay " + actual);
            }
        }
    }

    record Seen(SortedSet<String> groups, HostLogin login, Object var) {}

    private static Map<String, Seen> readBySpotplay(List<Path> sources, String var) {
        Inventory inventory = InventoryLoader.load(sources);
        Diagnostics diags = new Diagnostics();
        Map<String, Seen> out = new LinkedHashMap<>();
        for (Inventory.Host h : inventory.hosts()) {
            HostLogin login = inventory.login(h.name(), diags).orElse(null);
            Object value = var == null ? null : inventory.value(h.name(), var, diags);
            out.put(h.name(), new Seen(inventory.groupsOf(h.name()), login, value));
        }
        diags.throwIfErrors();
        return out;
    }

    /**
     * A dict of each connection variable (and the case's variable) as Ansible templates it, null
     * where unset, and what a step's template sees: {@code _inventory_hostname}, {@code _group_names},
     * {@code _groups}, and {@code _hostvars_var} (the case's variable of host {@code first}).
     */
    private static String template(String var, String first) {
        List<String> names = new ArrayList<>();
        names.addAll(ADDRESS);
        names.addAll(PORT);
        names.addAll(USER);
        names.addAll(KEY);
        names.addAll(BECOME_USER);
        names.add("ansible_connection");
        if (var != null) {
            names.add(var);
        }
        // become as Ansible's option reads it: its boolean conversion of ansible_become, None where unset.
        StringBuilder t = new StringBuilder("{{ {\"become\": (ansible_become | bool) if ansible_become is defined else None, ");
        for (String n : names) {
            t.append('"').append(n).append("\": ").append(n).append(" | default(None), ");
        }
        t.append("\"_inventory_hostname\": inventory_hostname, \"_group_names\": group_names, \"_groups\": groups, ");
        if (var != null && first != null) {
            t.append("\"_hostvars_var\": hostvars['").append(first).append("']['").append(var).append("'] | default(None), ");
        }
        return t.append("} }}").toString();
    }

    /** The last of {@code names} that has a value, as text, as Ansible's option lookup does. */
    private static String last(JsonNode values, List<String> names, String otherwise) {
        String out = otherwise;
        for (String n : names) {
            JsonNode v = values.path(n);
            if (!v.isMissingNode() && !v.isNull()) {
                out = v.asText();
            }
        }
        return out;
    }

    /** A scalar as its text (Ansible's templating may turn "5" into 5), anything else as JSON with its keys sorted. */
    private static String shown(JsonNode v) {
        if (v.isValueNode()) {
            return v.asText();
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(x -> items.add(shown(x)));
            return items.toString();
        }
        Map<String, String> fields = new java.util.TreeMap<>();
        v.fields().forEachRemaining(e -> fields.put(e.getKey(), shown(e.getValue())));
        return fields.toString();
    }

    /**
     * The same JSON value, numbers compared by value (1 and 1L are one number) and a whole
     * template's text ("{{ n }}" gives "5") equal to the number Ansible's debug output re-reads
     * it as, as {@link #shown} allows for the case's variable.
     */
    private static boolean sameValue(JsonNode ansible, JsonNode spotplay) {
        if (ansible.isNumber() && (spotplay.isNumber() || spotplay.isTextual())) {
            return sameNumber(ansible.asText(), spotplay.asText());
        }
        if (ansible.isArray() && spotplay.isArray() && ansible.size() == spotplay.size()) {
            for (int i = 0; i < ansible.size(); i++) {
                if (!sameValue(ansible.get(i), spotplay.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (ansible.isObject() && spotplay.isObject() && ansible.size() == spotplay.size()) {
            for (Iterator<String> it = ansible.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!spotplay.has(k) || !sameValue(ansible.get(k), spotplay.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return ansible.equals(spotplay);
    }

    /** Two texts of the same number (Python writes 1e+20 where Jackson writes 1.0E20). */
    private static boolean sameNumber(String a, String b) {
        try {
            return new java.math.BigDecimal(a).compareTo(new java.math.BigDecimal(b)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Each host's groups from --list: the groups listing it and, through children, their ancestors. */
    private static Map<String, SortedSet<String>> groupsByHost(JsonNode listed) {
        Map<String, List<String>> parents = new LinkedHashMap<>();
        Map<String, SortedSet<String>> out = new LinkedHashMap<>();
        listed.path("_meta").path("hostvars").fieldNames().forEachRemaining(h -> out.put(h, new TreeSet<>()));
        for (Iterator<Map.Entry<String, JsonNode>> it = listed.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> g = it.next();
            g.getValue().path("children").forEach(c -> parents.computeIfAbsent(c.asText(), k -> new ArrayList<>()).add(g.getKey()));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = listed.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> g = it.next();
            for (JsonNode h : g.getValue().path("hosts")) {
                out.computeIfAbsent(h.asText(), k -> new TreeSet<>());
                addWithAncestors(g.getKey(), parents, out.get(h.asText()));
            }
        }
        out.values().forEach(s -> s.add("all"));
        return out;
    }

    private static void addWithAncestors(String group, Map<String, List<String>> parents, SortedSet<String> into) {
        if (into.add(group)) {
            parents.getOrDefault(group, List.of()).forEach(p -> addWithAncestors(p, parents, into));
        }
    }

    private static List<String> list(String s) {
        return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static Path corpus() {
        try {
            return Path.of(AnsibleDifferentialTest.class.getResource("/inventory/corpus").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
