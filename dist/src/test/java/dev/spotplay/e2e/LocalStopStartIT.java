package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotplay.testing.EndToEnd;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code spotplay stop} / {@code start} on the local provider, through {@code ./spotplay}: a
 * stopped node has no process and no port but keeps its folder, home and host key; plan and
 * status show it stopped, never gone; start brings it back (a new port, the same pinned key)
 * and nothing runs again; destroy removes a stopped node.
 */
@EndToEnd
class LocalStopStartIT extends LocalClusterIT {

    private JsonNode node(String name) throws Exception {
        Cli.Result status = Cli.run(dir, "status", "t.yml", "--json");
        assertEquals(0, status.code(), status.both());
        for (JsonNode n : new ObjectMapper().readTree(status.out()).get("nodes")) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no " + name + " in " + status.out());
    }

    private static boolean listening(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    @Test
    void stopKeepsTheNodeAndStartResumesItWithoutRerunningSteps() throws Exception {
        Files.writeString(dir.resolve("t.yml"), """
                name: t
                groups:
                  web: { count: 2 }
                steps:
                  - name: count
                    shell: echo ran >> runs.txt
                """);
        assertEquals(0, Cli.run(dir, "apply", "t.yml", "--yes").code());
        assertEquals(List.of("web001", "web002"), running());
        Path home = dir.resolve(".spotplay/t/nodes/web001/home");
        Path hostKey = dir.resolve(".spotplay/t/nodes/web001/ssh_host_ed25519_key");
        String key = Files.readString(hostKey);
        int port = node("web001").get("port").asInt();
        String id = node("web001").get("provider_id").asText();
        assertTrue(listening(port), "web001 serves its port before stop");

        Cli.Result unknown = Cli.run(dir, "stop", "t.yml", "web009", "--yes");
        assertEquals(1, unknown.code(), unknown.both());
        assertTrue(unknown.err().contains("No node or group \"web009\""), unknown.err());

        Cli.Result stop = Cli.run(dir, "stop", "t.yml", "web001", "--yes");
        assertEquals(0, stop.code(), stop.both());
        assertTrue(stop.out().contains("Stopped web001"), stop.out());
        assertEquals(List.of("web002"), running(), "no process for the stopped node");
        assertFalse(listening(port), "no port for the stopped node");
        assertEquals("ran\n", Files.readString(home.resolve("runs.txt")), "its home is kept");
        assertEquals(key, Files.readString(hostKey), "its host key is kept");

        JsonNode stopped = node("web001");
        assertEquals("stopped", stopped.get("status").asText(), stopped.toString());
        assertEquals("running", node("web002").get("status").asText());
        Cli.Result plan = Cli.run(dir, "plan", "t.yml", "--detailed-exitcode");
        assertEquals(0, plan.code(), "a stopped node is not a change: " + plan.both());
        assertTrue(plan.out().contains("stopped: web001"), plan.out());
        assertFalse(plan.out().contains("-/+"), "never planned as gone: " + plan.out());
        Cli.Result ssh = Cli.run(dir, "ssh", "t.yml", "web001", "--", "true");
        assertEquals(1, ssh.code(), ssh.both());
        assertTrue(ssh.err().contains("Node web001 is stopped (stopped by spotplay stop); spotplay start t.yml web001 resumes it."), ssh.err());
        Cli.Result again = Cli.run(dir, "stop", "t.yml", "web001", "--yes");
        assertEquals(0, again.code(), again.both());
        assertTrue(again.out().contains("No node to stop"), again.out());

        Cli.Result start = Cli.run(dir, "start", "t.yml", "--yes");
        assertEquals(0, start.code(), start.both());
        assertTrue(start.out().contains("Will start: web001"), "only the stopped one: " + start.out());
        assertEquals(List.of("web001", "web002"), running());
        JsonNode resumed = node("web001");
        assertEquals("running", resumed.get("status").asText(), resumed.toString());
        assertEquals(id, resumed.get("provider_id").asText(), "the same machine");
        assertTrue(listening(resumed.get("port").asInt()), "serves its (new) port: " + resumed);
        assertEquals(key, Files.readString(hostKey));

        Cli.Result noop = Cli.run(dir, "plan", "t.yml", "--detailed-exitcode");
        assertEquals(0, noop.code(), "nothing needs to run after start: " + noop.both());
        // The pinned host key still holds: a changed one would be refused here.
        Cli.Result exec = Cli.run(dir, "exec", "t.yml", "web", "--", "cat", "runs.txt");
        assertEquals(0, exec.code(), exec.both());
        assertEquals(1, home.resolve("runs.txt").toFile().length() / "ran\n".length(), "the step ran once: " + exec.out());

        // A stopped node is destroyed like any other (AfterEach checks nothing is left).
        assertEquals(0, Cli.run(dir, "stop", "t.yml", "--yes").code());
        assertEquals(List.of(), running());
        Cli.Result destroy = Cli.run(dir, "destroy", "t.yml", "--yes");
        assertEquals(0, destroy.code(), destroy.both());
        assertFalse(Files.exists(dir.resolve(".spotplay/t/nodes/web001")), "its folder goes with destroy");
    }
}
