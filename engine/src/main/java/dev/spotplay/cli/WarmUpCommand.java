package dev.spotplay.cli;

import dev.spotplay.provider.local.NodeServer;
import dev.spotplay.transport.ssh.KeyPairs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * The launcher's training run for class-data sharing (not for users; hidden from --help): a
 * static cluster of one in-process SSH node on 127.0.0.1, taken through validate, plan, apply
 * with every batched module, a no-op apply, status and inventory, so that the classes a real run
 * loads are the ones the JVM dumps into the launcher's archive. Touches only a temporary folder
 * and loopback; leaves nothing behind.
 */
@Command(name = "warm-up", hidden = true, description = "Exercise spotplay once, for the launcher's class-data archive.")
final class WarmUpCommand implements Callable<Integer> {

    @Override
    public Integer call() throws IOException {
        Path dir = Files.createTempDirectory("spotplay-warm-up-");
        try {
            Path key = KeyPairs.ensureEd25519(dir.resolve(dev.spotplay.playbook.SshConfig.CLUSTER_KEY_FILE), "spotplay-warm-up");
            Path authorized = dir.resolve("authorized_keys");
            Files.copy(KeyPairs.publicKeyFile(key), authorized);
            try (NodeServer.Handle node = NodeServer.start(dir.resolve("node"), authorized)) {
                Files.writeString(dir.resolve("hosts.ini"), "[train]\nt1 ansible_host=127.0.0.1 ansible_port=" + node.port()
                        + " ansible_user=" + System.getProperty("user.name") + " ansible_ssh_private_key_file=" + key + "\n");
                Files.writeString(dir.resolve("conf.tmpl"), "name = {{ node.name }}\n");
                // A local file, and binary: the copy of a file (read, hashed, sent as base64) is what most playbooks do.
                Files.write(dir.resolve("blob.bin"), new byte[] {0, 1, 2, (byte) 0xff});
                Path out = dir.resolve("node/out");
                Files.writeString(dir.resolve("train.yml"), """
                        name: warm-up
                        provider: { type: static, inventory: hosts.ini }
                        vars: { out: %s }
                        groups:
                          train: {}
                        steps:
                          - file: { path: "{{ out }}" }
                          - shell: echo hi > {{ out }}/hi
                            creates: "{{ out }}/hi"
                          - copy: { content: "x\\n", dest: "{{ out }}/x" }
                          - copy: { src: blob.bin, dest: "{{ out }}/blob" }
                          - template: { src: conf.tmpl, dest: "{{ out }}/conf" }
                          - line: { path: "{{ out }}/settings", line: "a=1" }
                          - shell: date > {{ out }}/last
                            always: true
                        """.formatted(out));
                String playbook = dir.resolve("train.yml").toString();
                PrintWriter sink = new PrintWriter(Writer.nullWriter());
                for (String[] args : new String[][] {{"validate", playbook}, {"plan", playbook}, {"apply", playbook, "--yes"},
                        {"apply", playbook, "--yes"}, {"status", playbook, "--json"}, {"inventory", playbook, "--format", "yaml"}}) {
                    Main.run(args, sink, sink);
                }
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return 0;
    }
}
