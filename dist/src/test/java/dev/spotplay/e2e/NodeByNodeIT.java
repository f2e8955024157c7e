package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apply walks the graph node by node: a node's steps start as soon as it is up, not when its
 * whole group has launched. The local provider holds web002's launch (SPOTPLAY_LOCAL_HOLD) until
 * a file exists that only web001's step creates, so the apply can only succeed if web001 was
 * set up while web002 was still launching.
 */
class NodeByNodeIT {
    @TempDir Path dir;

    @BeforeAll
    static void built() throws IOException {
        Cli.markBuilt();
    }

    @AfterEach
    void destroy() throws Exception {
        Cli.run(dir, "destroy", "bynode.yml", "--yes");
    }

    @Test
    void aNodeIsSetUpWhileAnotherOfItsGroupIsStillLaunching() throws Exception {
        Path release = dir.resolve("release");
        Files.writeString(dir.resolve("bynode.yml"), """
                name: bynode
                ssh: { start_timeout: 30s }
                groups:
                  web:
                    count: 2
                steps:
                  - name: release
                    shell: "[ {{ node.name }} != web001 ] || touch '%s'"
                  - name: after
                    shell: echo done > after.log
                """.formatted(release));
        Cli.Result r = Cli.run(dir, Map.of("SPOTPLAY_LOCAL_HOLD", "web002:" + release), "apply", "bynode.yml", "--yes");
        assertEquals(0, r.code(), r.both());
        // web002 cannot be reported launched before web001's "release" step ran: setup of the
        // group began while it was still launching (with the old walker, which set up only
        // after every launch, web002 is held until start_timeout and the apply fails).
        List<String> lines = r.out().lines().toList();
        int settingUp = index(lines, "web: setting up", r.out());
        int launched = index(lines, "web: 2/2 launched", r.out());
        assertTrue(settingUp < launched, "web's setup began before web002 was launched:\n" + r.out());
        assertTrue(Files.exists(release), "web001's step released web002");
        assertTrue(lines.get(index(lines, "  web001 ", r.out())).contains(" ok "), r.out());
        assertTrue(lines.get(index(lines, "  web002 ", r.out())).contains(" ok "), r.out());
        Path nodes = dir.resolve(".spotplay/bynode/nodes");
        assertEquals("done\n", Files.readString(nodes.resolve("web001/home/after.log")));
        assertEquals("done\n", Files.readString(nodes.resolve("web002/home/after.log")));
    }

    private static int index(List<String> lines, String prefix, String out) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starting \"" + prefix + "\" in:\n" + out);
    }
}
