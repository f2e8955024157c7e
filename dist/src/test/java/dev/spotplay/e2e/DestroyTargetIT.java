package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.EndToEnd;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code destroy --target NODE|GROUP} on the local provider: only those go, the rest keeps running. */
@EndToEnd
class DestroyTargetIT extends LocalClusterIT {

    @Test
    void onlyTheTargetsGo() throws Exception {
        Files.writeString(dir.resolve("t.yml"), """
                name: t
                groups:
                  web: { count: 2 }
                  db: { count: 1 }
                steps:
                  - name: hello
                    shell: echo hi > hi.txt
                """);
        assertEquals(0, Cli.run(dir, "apply", "t.yml", "--yes").code());
        assertEquals(List.of("db001", "web001", "web002"), running());

        Cli.Result unknown = Cli.run(dir, "destroy", "t.yml", "--yes", "--target", "web009");
        assertEquals(1, unknown.code(), unknown.both());
        assertTrue(unknown.err().contains("--target web009: the cluster has no node or group of that name"), unknown.err());
        assertEquals(List.of("db001", "web001", "web002"), running(), "nothing went");

        Cli.Result one = Cli.run(dir, "destroy", "t.yml", "--yes", "--target", "web002");
        assertEquals(0, one.code(), one.both());
        assertTrue(one.out().contains("- node web.web002") && !one.out().contains("web.web001"), one.out());
        assertEquals(List.of("db001", "web001"), running());
        Cli.Result plan = Cli.run(dir, "plan", "t.yml");
        assertTrue(plan.out().contains("+ node web.web002"), "the playbook still wants it: " + plan.out());

        Cli.Result group = Cli.run(dir, "destroy", "t.yml", "--yes", "--target", "db");
        assertEquals(0, group.code(), group.both());
        assertEquals(List.of("web001"), running());
        assertTrue(Files.exists(dir.resolve(".spotplay/t/id_ed25519")), "the cluster's own files stay");
    }
}
