package dev.spotplay.modules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spotplay.diag.Diagnostic;
import dev.spotplay.diag.DiagnosticException;
import dev.spotplay.module.ModuleCatalog;
import dev.spotplay.module.StepModule;
import dev.spotplay.modules.testing.Node;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.PlaybookLoader;
import dev.spotplay.playbook.Step;
import dev.spotplay.playbook.Templates;
import dev.spotplay.provider.static_.StaticProviderFactory;
import dev.spotplay.testing.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile strings through every place a playbook or an inventory value reaches a command line,
 * on this machine or on a node. Each is either refused, with every diagnostic naming its file
 * and line, or accepted and then harmless: the step's own run and its batched fragment, on a
 * node that is a folder here, never create the canary (only {@code shell:}'s command itself is
 * shell, and it is not among the places). A value that reaches {@code ssh} or an inventory as a
 * name (user, host, port, host and group names) is always refused; a key path is accepted as the
 * absolute path of the file it names.
 */
@Integration
class HostileValuesFuzzTest {
    @TempDir Path dir;

    static final String CANARY = "CANARY";

    static List<String> hostile() {
        List<String> out = new ArrayList<>(List.of(
                "-oProxyCommand=touch${IFS}CANARY", "-oProxyCommand=touch CANARY", "$(touch CANARY)", "`touch CANARY`", "x; touch CANARY",
                "x | touch CANARY", "x && touch CANARY", "x & touch CANARY", "' ; touch CANARY ; '", "\" ; touch CANARY ; \"",
                "x\ntouch CANARY", "x\rtouch CANARY", "\\$(touch CANARY)", "x\u0000touch CANARY", "%d%h%n%%", "-", "--", "-rf",
                "a b", "a=b", "#x", "root@127.0.0.1", "[::1]:22", "x\u2028touch CANARY", "éü日本🚀", "\u001b[31mred",
                "{{ node.name }}$(touch CANARY)", "x".repeat(300) + "$(touch CANARY)"));
        return out;
    }

    /** Where a value is written; {@code local} ones reach ssh or an inventory and must be refused. */
    record Place(String name, boolean local, String playbook, String inventory) {}

    static List<Place> places() {
        String steps = "steps:\n  - name: s\n    ";
        String pb = "name: fz\nprovider: { type: static, inventory: hosts.yml }\nvars: { v: VALUE }\ngroups:\n  web: {}\n";
        String inv = "all:\n  children:\n    web:\n      hosts:\n        h1: { ansible_host: 127.0.0.1 }\n";
        return List.of(
                new Place("ssh.user", true, pb + "ssh: { user: VALUE }\n", inv),
                new Place("ssh.port", true, pb + "ssh: { port: VALUE }\n", inv),
                new Place("ansible_host", true, pb, inv.replace("127.0.0.1", "VALUE")),
                new Place("ansible_user", true, pb, inv.replace("}", ", ansible_user: VALUE }")),
                new Place("ansible_port", true, pb, inv.replace("}", ", ansible_port: VALUE }")),
                new Place("group vars ansible_user", true, pb, inv + "      vars: { ansible_ssh_user: VALUE }\n"),
                new Place("host name", true, pb, inv.replace("h1:", "VALUE:")),
                new Place("host name without address", true, pb, inv.replace("h1: { ansible_host: 127.0.0.1 }", "VALUE:")),
                new Place("inventory group name", true, pb, inv + "    VALUE:\n      hosts:\n        h2:\n"),
                new Place("playbook group name", true, pb.replace("web: {}", "VALUE: {}"), inv),
                new Place("step become_user (sudo -u on the node, or here for a local host)", true,
                        pb + steps + "shell: \"true\"\n    become: true\n    become_user: VALUE\n", inv),
                new Place("ansible_become_user", true, pb, inv.replace("}", ", ansible_become: true, ansible_become_user: VALUE }")),
                new Place("ansible_connection", true, pb, inv.replace("}", ", ansible_connection: VALUE }")),
                new Place("private_key", false, pb + "ssh: { private_key: VALUE }\n", inv),
                new Place("shell creates", false, pb + steps + "shell: \"true\"\n    creates: VALUE\n", inv),
                new Place("shell chdir", false, pb + steps + "shell: \"true\"\n    chdir: VALUE\n", inv),
                new Place("shell env name", false, pb + steps + "shell: \"true\"\n    env: { VALUE: x }\n", inv),
                new Place("shell env value", false, pb + steps + "shell: \"true\"\n    env: { X: VALUE }\n", inv),
                new Place("copy dest", false, pb + steps + "copy: { content: hi, dest: VALUE }\n", inv),
                new Place("copy dest from a var", false, pb + steps + "copy: { content: hi, dest: \"d/{{ v }}\" }\n", inv),
                new Place("copy mode", false, pb + steps + "copy: { content: hi, dest: f, mode: VALUE }\n", inv),
                new Place("template dest", false, pb + steps + "template: { src: t.tmpl, dest: VALUE }\n", inv),
                new Place("file path", false, pb + steps + "file: { path: VALUE, state: touch }\n", inv),
                new Place("file state", false, pb + steps + "file: { path: f, state: VALUE }\n", inv),
                new Place("line path", false, pb + steps + "line: { path: VALUE, line: x }\n", inv),
                new Place("line line", false, pb + steps + "line: { path: f, line: VALUE }\n", inv),
                new Place("line regexp", false, pb + steps + "line: { path: f, line: x, regexp: VALUE }\n", inv),
                new Place("apt package", false, pb + steps + "apt: VALUE\n", inv),
                new Place("step name", false, pb + "steps:\n  - name: VALUE\n    shell: \"true\"\n", inv));
    }

    /** {@code value} as a YAML double-quoted scalar (JSON's escapes are YAML's). */
    static String yaml(String value) {
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (c < 0x20 || c == 0x2028) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }

    @Test
    void everyHostileValueIsRefusedAtItsLineOrRunsNothing() throws Exception {
        ModuleCatalog modules = ModuleCatalog.load();
        Path canary = dir.resolve("canary");
        List<String> problems = new ArrayList<>();
        int refused = 0;
        int ran = 0;
        for (Place place : places()) {
            for (String raw : hostile()) {
                String value = raw.replace(CANARY, canary.toString());
                Path caseDir = Files.createDirectories(dir.resolve("case" + refused + "-" + ran));
                Files.writeString(caseDir.resolve("cluster.yml"), place.playbook().replace("VALUE", yaml(value)));
                Files.writeString(caseDir.resolve("hosts.yml"), place.inventory().replace("VALUE", yaml(value)));
                Files.writeString(caseDir.resolve("t.tmpl"), "hi\n");
                String what = place.name() + " = " + dev.spotplay.transport.LoginNames.show(value);
                Playbook playbook;
                try {
                    playbook = PlaybookLoader.load(caseDir.resolve("cluster.yml"), modules).playbook();
                    new StaticProviderFactory().validate(playbook);
                } catch (DiagnosticException e) {
                    refused++;
                    for (Diagnostic d : e.diagnostics().errors()) {
                        if (d.range() == null || d.range().file().isEmpty() || d.range().line() < 1) {
                            problems.add(what + ": refused without a file and line: " + d.render());
                        }
                    }
                    continue;
                } catch (RuntimeException e) {
                    problems.add(what + ": " + e);
                    continue;
                }
                // Ansible reads a host "[::1]:22" as host ::1 on port 22 (the differential test holds spotplay to
                // that), and that address and port are checked like any other: the one accepted host pattern.
                boolean hostPattern = place.name().startsWith("host name") && value.equals("[::1]:22");
                if (place.local() && !hostPattern) {
                    problems.add(what + ": accepted, but it reaches ssh or an inventory");
                    continue;
                }
                if (playbook.ssh().privateKey() != null && !playbook.ssh().privateKey().equals(caseDir.resolve(value).normalize().toString())) {
                    // A key path goes to ssh and into inventories as a path (OpenSshArgsTest, InventoryWriterRoundTripTest):
                    // absolute, so never an option, and exactly the file named.
                    problems.add(what + ": the key path became " + playbook.ssh().privateKey());
                }
                for (Step step : playbook.steps()) {
                    StepModule module = modules.find(step.module()).orElseThrow();
                    Map<String, Object> args = resolve(step.args(), playbook.vars());
                    Object main = args.remove(Step.MAIN_ARG);
                    Path home = Files.createDirectories(caseDir.resolve("node"));
                    Node node = new Node(home, caseDir);
                    try {
                        node.run(module, main, args);
                    } catch (java.io.IOException e) {
                        // the node refused it (a name too long for its file system): failed, harmless
                    }
                    node.runScripted(module, main, args);
                    ran++;
                }
                if (Files.exists(canary)) {
                    fail(what + ": the canary was created");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertFalse(Files.exists(canary));
        assertTrue(refused > 0 && ran > 0, "both kinds happened: refused " + refused + ", ran " + ran);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolve(Map<String, Object> args, Map<String, Object> vars) {
        Map<String, Object> out = new LinkedHashMap<>();
        args.forEach((k, v) -> out.put(k, resolveValue(v, vars)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object resolveValue(Object v, Map<String, Object> vars) {
        if (v instanceof String s) {
            return Templates.hasTemplate(s) ? Templates.render(s, vars) : s;
        }
        if (v instanceof Map<?, ?> m) {
            return resolve((Map<String, Object>) m, vars);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(x -> resolveValue(x, vars)).toList();
        }
        return v;
    }
}
