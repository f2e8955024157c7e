package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotplay.testing.EndToEnd;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo cluster through the built ./spotplay: plan → apply → kill a node → plan → apply →
 * destroy, and nothing left behind (no node process, no open port).
 */
@EndToEnd
class DemoClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;
    private final List<Long> pids = new ArrayList<>();

    @BeforeAll
    static void built() throws IOException {
        Cli.markBuilt();
    }

    @AfterEach
    void cleanUp() throws Exception {
        // Whatever happened, leave no node process behind.
        if (Files.exists(dir.resolve("demo.yml"))) {
            Cli.run(dir, "destroy", "demo.yml", "--yes");
        }
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void demoLifecycle() throws Exception {
        Cli.copyDemo(dir);

        Cli.Result validate = Cli.run(dir, "validate", "demo.yml");
        assertEquals(0, validate.code(), validate.both());

        Cli.Result plan = Cli.run(dir, "plan", "demo.yml", "--detailed-exitcode");
        assertEquals(2, plan.code(), plan.both());
        assertTrue(plan.out().contains("Plan: 4 nodes to launch, 0 to terminate, 5 steps to run on 4 nodes."), plan.out());
        assertFalse(Files.exists(dir.resolve(".spotplay")), "plan must not create state");

        Cli.Result apply = Cli.run(dir, "apply", "demo.yml", "--yes");
        assertEquals(0, apply.code(), apply.both());
        assertTrue(apply.out().contains("Apply complete"), apply.out());

        JsonNode status = status();
        assertEquals(4, status.get("nodes").size(), status.toString());
        for (JsonNode n : status.get("nodes")) {
            assertEquals("running", n.get("status").asText(), n.toString());
            assertEquals("127.0.0.1", n.get("host").asText());
            assertTrue(answersSsh(n.get("port").asInt()), n + " does not answer SSH");
            pids.add(pid(n));
        }
        Path home = dir.resolve(".spotplay/demo/nodes/worker002/home");
        assertEquals("hello from spotplay on worker002", Files.readString(home.resolve("data/greeting.txt")).trim());
        assertTrue(Files.readString(home.resolve("data/hosts.txt")).contains("workers: worker001 worker002 worker003"));
        assertTrue(Files.exists(home.resolve("app/BUILT")), "the build step ran");

        Cli.Result exec = Cli.run(dir, "exec", "demo.yml", "worker", "--", "cat", "data/greeting.txt");
        assertEquals(0, exec.code(), exec.both());
        for (String w : new String[] {"worker001", "worker002", "worker003"}) {
            assertTrue(exec.out().contains(w + " | OK | rc=0 >>\nhello from spotplay on " + w), exec.out());
        }
        assertFalse(exec.out().contains("head001"), "exec ran on the group only");
        assertEquals(1, Cli.run(dir, "exec", "demo.yml", "all", "--", "test", "-d", "app").code(), "head has no app folder");
        Cli.Result ssh = Cli.run(dir, "ssh", "demo.yml", "head001", "--", "cat data/greeting.txt");
        assertEquals(0, ssh.code(), ssh.both());
        assertEquals("hello from spotplay on head001", ssh.out().trim());
        Cli.Result first = Cli.run(dir, "ssh", "demo.yml", "--", "cat data/greeting.txt");
        assertEquals(0, first.code(), first.both());
        assertEquals("hello from spotplay on head001", first.out().trim(), "no NODE: the first node of the head group");

        Cli.Result again = Cli.run(dir, "plan", "demo.yml", "--detailed-exitcode");
        assertEquals(0, again.code(), again.both());
        Cli.Result noop = Cli.run(dir, "apply", "demo.yml", "--yes");
        assertEquals(0, noop.code(), noop.both());
        assertTrue(noop.out().contains("No changes."), noop.out());
        handOverToOpenSsh();

        // A spot interruption: worker002's process dies.
        long victim = pid(node(status, "worker002"));
        ProcessHandle victimHandle = ProcessHandle.of(victim).orElseThrow();
        victimHandle.destroyForcibly();
        victimHandle.onExit().get();
        Cli.Result replanJson = Cli.run(dir, "plan", "demo.yml", "--json");
        assertEquals(0, replanJson.code(), replanJson.both());
        JsonNode replan = JSON.readTree(replanJson.out());
        Set<String> touched = new HashSet<>();
        for (JsonNode c : replan.get("changes")) {
            touched.add(c.get("node").asText());
            if (c.get("kind").asText().equals("node")) {
                assertEquals("replace", c.get("action").asText());
                assertTrue(c.get("reason").asText().startsWith("gone"), c.toString());
            }
        }
        assertEquals(Set.of("worker002"), touched, replan.toString());
        assertEquals(1, replan.get("summary").get("nodes_to_launch").asInt());
        Cli.Result text = Cli.run(dir, "plan", "demo.yml");
        assertTrue(text.out().contains("-/+ node worker.worker002"), text.out());

        Cli.Result heal = Cli.run(dir, "apply", "demo.yml", "--yes");
        assertEquals(0, heal.code(), heal.both());
        assertTrue(heal.out().contains("worker002"), heal.out());
        assertFalse(heal.out().contains("worker001 "), "steps ran only on the replaced node:\n" + heal.out());
        JsonNode healed = status();
        JsonNode w2 = node(healed, "worker002");
        assertEquals("running", w2.get("status").asText());
        pids.add(pid(w2));
        assertTrue(Files.exists(home.resolve("app/BUILT")), "setup ran again on the new worker002");

        Cli.Result destroy = Cli.run(dir, "destroy", "demo.yml", "--yes");
        assertEquals(0, destroy.code(), destroy.both());
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "node process " + pid + " still alive");
        }
        for (JsonNode n : healed.get("nodes")) {
            assertFalse(answersSsh(n.get("port").asInt()), "port " + n.get("port") + " still open");
        }
        assertEquals(0, status().get("nodes").size());
        assertEquals(List.of(), Cli.clusterDaemons(dir), "destroy left the local provider's daemon");
    }

    /** The inventory spotplay writes logs OpenSSH's own client in, checking the host key spotplay pinned. */
    private void handOverToOpenSsh() throws Exception {
        Cli.Result inv = Cli.run(dir, "inventory", "demo.yml", "--format", "json", "--known-hosts", "known_hosts");
        assertEquals(0, inv.code(), inv.both());
        JsonNode all = JSON.readTree(inv.out()).path("all");
        assertEquals(3, all.path("children").path("worker").path("hosts").size(), inv.out());
        JsonNode head = all.path("children").path("head").path("hosts").path("head001");
        String options = all.path("vars").path("ansible_ssh_common_args").asText();
        assertTrue(options.contains("StrictHostKeyChecking=yes"), options);
        List<String> ssh = new ArrayList<>(List.of("ssh", "-o", "BatchMode=yes"));
        // As Ansible's ssh plugin reads them: split with Python's shlex (the path inside is quoted for it).
        String words = dev.spotplay.testing.Commands.run(List.of("python3", "-c",
                "import shlex, sys; print('\\0'.join(shlex.split(sys.argv[1])))", options));
        ssh.addAll(List.of(words.replaceAll("\n$", "").split("\0")));
        ssh.addAll(List.of("-i", head.path("ansible_ssh_private_key_file").asText(), "-p", head.path("ansible_port").asText(),
                "-l", head.path("ansible_user").asText(), head.path("ansible_host").asText(), "echo handed over"));
        Process p = new ProcessBuilder(ssh).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("handed over", out.strip());
    }

    private JsonNode status() throws Exception {
        Cli.Result r = Cli.run(dir, "status", "demo.yml", "--json");
        assertEquals(0, r.code(), r.both());
        return JSON.readTree(r.out());
    }

    private static JsonNode node(JsonNode status, String name) {
        for (JsonNode n : status.get("nodes")) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError(name + " not in " + status);
    }

    private static long pid(JsonNode node) {
        String id = node.get("provider_id").asText();
        assertTrue(id.startsWith("pid-"), id);
        return Long.parseLong(id.substring(4));
    }

    /** True if something on 127.0.0.1:port speaks SSH (sends an "SSH-2.0" banner). */
    static boolean answersSsh(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(3000);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = in.readNBytes(buf, 0, 7);
            return new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("SSH-2.0");
        } catch (IOException e) {
            return false;
        }
    }
}
