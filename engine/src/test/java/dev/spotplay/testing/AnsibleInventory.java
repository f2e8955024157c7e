package dev.spotplay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * PyPI's {@code ansible-inventory}, to read an inventory back exactly as Ansible does. Uses the
 * one {@code ./test.sh} set up when {@code SPOTPLAY_TEST_ANSIBLE_INVENTORY} names it; otherwise
 * runs {@code scripts/ansible-fixture.sh} once per JVM (it installs ansible-core into a venv
 * under ~/.cache/spotplay on first use).
 */
public final class AnsibleInventory {
    private static Path program;
    private static Path scratchRoot;

    private AnsibleInventory() {}

    /**
     * A fresh folder for one ansible run, under one root per JVM that is removed when the JVM
     * exits: each run needs its own HOME and result tree, and thousands of runs must not leave
     * thousands of folders in the machine's temp folder.
     */
    private static synchronized Path scratch(String prefix) throws IOException {
        if (scratchRoot == null) {
            Path root = Files.createTempDirectory("spotplay-ansible-runs-");
            TempTrees.deleteAtExit(root);
            scratchRoot = root;
        }
        return Files.createTempDirectory(scratchRoot, prefix);
    }

    public static synchronized Path program() throws IOException {
        if (program == null) {
            String named = System.getenv("SPOTPLAY_TEST_ANSIBLE_INVENTORY");
            if (named != null && !named.isBlank()) {
                program = Path.of(named);
            } else {
                Path dir = Files.createTempDirectory("spotplay-ansible-");
                String env = Scripts.run("ansible-fixture.sh", "start", dir.toString());
                program = Path.of(env.strip().substring(env.strip().indexOf('=') + 1));
            }
        }
        return program;
    }

    /** {@code ansible-inventory -i FILE --list}, parsed; its {@code _meta.hostvars} hold every host's vars. */
    public static JsonNode list(Path inventory) throws IOException {
        return new ObjectMapper().readTree(Commands.run(command(List.of("ANSIBLE_INVENTORY_ENABLED=yaml,ini"),
                program().toString(), List.of(inventory), List.of("--list"))));
    }

    /**
     * {@code ansible-inventory -i S1 -i S2 ... --list} with Ansible's default inventory plugins
     * (scripts, YAML, INI, TOML and the plugin loader); a source Ansible cannot read fails it.
     */
    public static JsonNode listSources(List<Path> sources) throws IOException {
        return new ObjectMapper().readTree(Commands.run(command(List.of(), program().toString(), sources, List.of("--list"))));
    }

    /**
     * Ansible's own templating of a host's variables, nothing contacted: {@code ansible all -m
     * debug} (an action that runs on the controller and opens no connection) prints
     * {@code msg}, a template over each host's vars; {@code --tree} writes one JSON result per
     * host. A host whose template fails has {@code failed: true} and Ansible's message.
     */
    public static Map<String, JsonNode> debug(List<Path> sources, String msgTemplate) throws IOException {
        Path tree = scratch("tree-");
        String args = new ObjectMapper().writeValueAsString(Map.of("msg", msgTemplate));
        List<String> command = command(List.of(), program().resolveSibling("ansible").toString(), sources,
                List.of("all", "-m", "debug", "-t", tree.toString(), "-a", args));
        try {
            Commands.run(command);
        } catch (IOException failedHosts) {
            // A host whose template failed makes ansible exit non-zero; its result is in the tree.
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(tree)) {
            for (Path f : files.sorted().toList()) {
                out.put(f.getFileName().toString(), new ObjectMapper().readTree(f.toFile()));
            }
        }
        return out;
    }

    /**
     * The ssh command line Ansible builds for {@code host}: {@code ansible HOST -m ping} with a
     * stand-in ssh ({@code ANSIBLE_SSH_EXECUTABLE}) that records its arguments and fails as an
     * unreachable host does, so nothing is contacted. Empty if Ansible ran no ssh for it.
     */
    public static List<String> sshCommandLine(List<Path> sources, String host) throws IOException {
        Path dir = scratch("fake-ssh-");
        Path ssh = Files.writeString(dir.resolve("ssh"), "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done > \"$SPOTPLAY_FAKE_SSH_OUT.$$\"\nexit 255\n");
        Files.setPosixFilePermissions(ssh, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path out = dir.resolve("argv");
        List<String> command = command(List.of("ANSIBLE_SSH_EXECUTABLE=" + ssh, "SPOTPLAY_FAKE_SSH_OUT=" + out, "ANSIBLE_SSH_RETRIES=0"),
                program().resolveSibling("ansible").toString(), sources, List.of(host, "-m", "ping"));
        try {
            Commands.run(command);
        } catch (IOException unreachable) {
            // The stand-in ssh fails, so the host is unreachable and ansible exits non-zero: expected.
        }
        try (Stream<Path> files = Files.list(dir)) {
            Path first = files.filter(f -> f.getFileName().toString().startsWith("argv.")).sorted().findFirst().orElse(null);
            if (first == null) {
                return List.of();
            }
            String all = Files.readString(first);
            return List.of(all.substring(0, Math.max(0, all.length() - 1)).split("\0", -1));
        }
    }

    /** Its own config folder and no ansible.cfg of the machine's: the same reading everywhere. */
    private static List<String> command(List<String> extraEnv, String program, List<Path> sources, List<String> args) throws IOException {
        Path home = scratch("home-");
        Path config = Files.writeString(home.resolve("ansible.cfg"), "[defaults]\n");
        List<String> command = new ArrayList<>(List.of("env", "HOME=" + home, "ANSIBLE_CONFIG=" + config,
                "ANSIBLE_LOCAL_TEMP=" + home.resolve("tmp"), "ANSIBLE_INVENTORY_UNPARSED_FAILED=true",
                "ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED=true", "ANSIBLE_NOCOLOR=1"));
        command.addAll(extraEnv);
        command.add(program);
        for (Path s : sources) {
            command.add("-i");
            command.add(s.toString());
        }
        command.addAll(args);
        return command;
    }
}
