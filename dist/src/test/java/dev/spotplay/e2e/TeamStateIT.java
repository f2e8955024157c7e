package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.Commands;
import dev.spotplay.testing.EndToEnd;
import dev.spotplay.testing.OpenSshServer;
import dev.spotplay.testing.Postgres;
import dev.spotplay.testing.SshdProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Team state through the built ./spotplay against a real PostgreSQL server: two folders stand
 * for two people's machines (each its own copy of the playbook, the login only in the
 * environment, as libpq's variables), one database between them.
 */
@EndToEnd
class TeamStateIT {
    @TempDir Path dir;
    Postgres pg;
    String database;
    String url;
    Map<String, String> login;
    SshdProcess hosts;
    final List<Cli.Result> seen = new ArrayList<>();

    @BeforeAll
    static void built() throws Exception {
        Cli.markBuilt();
    }

    @BeforeEach
    void database() {
        pg = Postgres.get();
        database = pg.createDatabase();
        url = pg.url(database);
        login = pg.env();
    }

    @AfterEach
    void noPasswordAnywhere() throws Exception {
        if (hosts != null) {
            hosts.close();
        }
        for (Cli.Result r : seen) {
            assertFalse(r.both().contains(pg.password()), "the password in spotplay's output:\n" + r.both());
        }
        // pg_dump, the database's own view of everything spotplay wrote there
        String dump = Commands.run(List.of("env", "PGPASSWORD=" + pg.password(), pgDump(), "-h", pg.host(), "-p", Integer.toString(pg.port()),
                "-U", login.get("PGUSER"), "--data-only", database));
        assertFalse(dump.contains(pg.password()), "the password in the state database");
    }

    Cli.Result spotplay(Path cwd, String... args) throws Exception {
        Cli.Result r = Cli.run(cwd, login, args);
        seen.add(r);
        return r;
    }

    @Test
    void aPushedStateIsAppliedFromAnotherMachineWithNothingRunTwiceAndTheOldFileIsRefused() throws Exception {
        int port = SshdProcess.freePort();
        hosts = SshdProcess.start(dir.resolve("sshd"), SshdProcess.hostKey(dir.resolve("keys/host")), List.of("127.0.5.1", "127.0.5.2"), port);
        Path alice = Files.createDirectories(dir.resolve("alice"));
        Path bob = Files.createDirectories(dir.resolve("bob"));
        for (Path home : List.of(alice, bob)) {
            Files.writeString(home.resolve("hosts.ini"), """
                    [web]
                    web1 ansible_host=127.0.5.1
                    web2 ansible_host=127.0.5.2
                    [all:vars]
                    ansible_port=%d
                    ansible_user=%s
                    ansible_ssh_private_key_file=%s
                    """.formatted(port, System.getProperty("user.name"), OpenSshServer.get().key()));
            Files.writeString(home.resolve("cluster.yml"), (home.equals(bob) ? "state: " + url + "\n" : "") + """
                    name: team
                    provider: { type: static, inventory: hosts.ini }
                    vars: { out: %s }
                    groups:
                      web: {}
                    steps:
                      - name: count
                        shell: mkdir -p {{ out }} && echo ran >> {{ out }}/{{ node.name }}
                    """.formatted(dir.resolve("out")));
        }
        Cli.Result first = spotplay(alice, "apply", "cluster.yml", "--yes");
        assertEquals(0, first.code(), first.both());
        assertRanOnce();

        Cli.Result push = spotplay(alice, "state", "push", "cluster.yml", "--to", url);
        assertEquals(0, push.code(), push.both());
        assertTrue(push.out().startsWith("Moved the state (2 nodes, 2 step runs, serial "), push.out());
        assertTrue(push.out().contains(" to " + url + ".\nFrom now on, run spotplay with --state " + url), push.out());

        Cli.Result stale = spotplay(alice, "apply", "cluster.yml", "--yes");
        assertEquals(1, stale.code(), stale.both());
        assertTrue(stale.err().contains("was moved to " + url), stale.err());

        // bob's playbook names the database (state: URL), alice's is given --state
        Cli.Result plan = spotplay(bob, "plan", "cluster.yml", "--detailed-exitcode");
        assertEquals(0, plan.code(), "nothing to do from the other machine: " + plan.both());
        Cli.Result apply = spotplay(bob, "apply", "cluster.yml", "--yes");
        assertEquals(0, apply.code(), apply.both());
        assertTrue(apply.out().contains("No changes."), apply.out());
        assertRanOnce();
        assertFalse(Files.exists(bob.resolve(".spotplay/team.mv.db")), "bob has no state file of his own");

        Cli.Result back = spotplay(bob, "state", "pull", "cluster.yml", "--from", url, "--to", "team.mv.db");
        assertEquals(0, back.code(), back.both());
        Cli.Result fromDb = spotplay(alice, "plan", "cluster.yml", "--state", url);
        assertEquals(1, fromDb.code(), fromDb.both());
        assertTrue(fromDb.err().contains("was moved to " + bob.resolve("team.mv.db")), fromDb.err());
    }

    @Test
    void twoMachinesApplyingAtOnceOneWaitsForNobodyAndIsToldWhoHoldsTheLock() throws Exception {
        Path alice = Files.createDirectories(dir.resolve("alice"));
        Path bob = Files.createDirectories(dir.resolve("bob"));
        String playbook = """
                name: slow
                groups:
                  box:
                    count: 1
                steps:
                  - name: wait a while
                    shell: sleep 8
                """;
        Files.writeString(alice.resolve("slow.yml"), playbook);
        Files.writeString(bob.resolve("slow.yml"), playbook);
        Process first = Cli.start(alice, false, login, "apply", "slow.yml", "--state", url, "--yes");
        try {
            Cli.awaitOut(alice, first, "setting up");
            Cli.Result blocked = spotplay(bob, "apply", "slow.yml", "--state", url, "--yes");
            assertEquals(1, blocked.code(), blocked.both());
            assertTrue(blocked.err().startsWith("Error: State " + url + " is locked by apply by "), blocked.err());
            assertTrue(blocked.err().contains("(pid " + first.pid() + ")"), "names the holder's pid " + first.pid() + ": " + blocked.err());
            assertFalse(blocked.err().contains("Exception"), blocked.err());
            Cli.Result status = spotplay(bob, "status", "slow.yml", "--state", url); // a reader does not wait for the writer
            assertEquals(0, status.code(), status.both());
            assertTrue(first.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, first.exitValue(), Cli.read(alice, "out") + Cli.read(alice, "err"));
        } finally {
            first.destroy();
            first.waitFor(30, TimeUnit.SECONDS);
            spotplay(alice, "destroy", "slow.yml", "--state", url, "--yes");
        }
    }

    @Test
    void aConnectionCutMidApplyStopsWithOneLineAndTheNextApplyConverges() throws Exception {
        Files.writeString(dir.resolve("cut.yml"), """
                name: cut
                groups:
                  box:
                    count: 2
                steps:
                  - name: wait a while
                    shell: sleep 4
                  - name: after
                    shell: echo after
                """);
        Process first = Cli.start(dir, false, login, "apply", "cut.yml", "--state", url, "--yes");
        try {
            Cli.awaitOut(dir, first, "setting up");
            assertEquals(2, pg.terminateSpotplaySessions(database), "the lock's session and the store's");
            assertTrue(first.waitFor(120, TimeUnit.SECONDS));
            Cli.Result cut = new Cli.Result(first.exitValue(), Cli.read(dir, "out"), Cli.read(dir, "err"));
            seen.add(cut);
            assertEquals(1, cut.code(), cut.both());
            String line = "Lost the connection to the state database " + url + " while "; // reading or writing: the next call stops
            assertTrue(cut.err().contains(line), cut.both());
            assertEquals(1, cut.err().split(java.util.regex.Pattern.quote(line), -1).length - 1, "said once: " + cut.err());
            assertFalse(cut.both().contains("\tat "), "no stack trace: " + cut.both());

            Cli.Result again = spotplay(dir, "apply", "cut.yml", "--state", url, "--yes");
            assertEquals(0, again.code(), again.both());
            Cli.Result plan = spotplay(dir, "plan", "cut.yml", "--state", url, "--detailed-exitcode");
            assertEquals(0, plan.code(), "converged: " + plan.both());
        } finally {
            first.destroy();
            first.waitFor(30, TimeUnit.SECONDS);
            spotplay(dir, "destroy", "cut.yml", "--state", url, "--yes");
        }
    }

    private void assertRanOnce() throws Exception {
        assertEquals("ran", Files.readString(dir.resolve("out/web1")).strip());
        assertEquals("ran", Files.readString(dir.resolve("out/web2")).strip());
    }

    private static String pgDump() throws Exception {
        try (var dirs = Files.list(Path.of("/usr/lib/postgresql"))) {
            return dirs.map(d -> d.resolve("bin/pg_dump")).filter(Files::isExecutable).sorted().reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no pg_dump under /usr/lib/postgresql")).toString();
        }
    }
}
