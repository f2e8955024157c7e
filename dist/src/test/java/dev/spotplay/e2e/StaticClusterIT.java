package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotplay.inventory.Inventory;
import dev.spotplay.inventory.InventoryLoader;
import dev.spotplay.testing.EndToEnd;
import dev.spotplay.testing.OpenSshServer;
import dev.spotplay.testing.SshdProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A static cluster of real OpenSSH sshd hosts on loopback, driven through ./spotplay: web1 and web2
 * behind one sshd, db-a behind another, db-b down at first. Apply sets up the hosts that answer
 * and reports the one that does not; a later apply resumes; a no-op apply touches no host; a
 * host whose key changed is refused; the inventory spotplay writes reads back the same.
 */
@EndToEnd
class StaticClusterIT {
    @TempDir Path dir;
    int port;
    SshdProcess webs;
    SshdProcess dbA;
    SshdProcess dbB;

    @BeforeAll
    static void built() throws Exception {
        Cli.markBuilt();
    }

    @BeforeEach
    void hosts() throws Exception {
        port = SshdProcess.freePort();
        webs = SshdProcess.start(dir.resolve("sshd-web"), SshdProcess.hostKey(dir.resolve("keys/web")), List.of("127.0.4.1", "127.0.4.2"), port);
        dbA = SshdProcess.start(dir.resolve("sshd-db-a"), SshdProcess.hostKey(dir.resolve("keys/db-a")), List.of("127.0.4.3"), port);
        Files.writeString(dir.resolve("hosts.ini"), """
                [web]
                web[1:2] ansible_host=127.0.4.[1:2]
                [db]
                db-a ansible_host=127.0.4.3
                db-b ansible_host=127.0.4.4
                [all:vars]
                ansible_port=%d
                ansible_user=%s
                ansible_ssh_private_key_file=%s
                """.formatted(port, System.getProperty("user.name"), OpenSshServer.get().key())
                .replace("web[1:2] ansible_host=127.0.4.[1:2]", "web1 ansible_host=127.0.4.1\nweb2 ansible_host=127.0.4.2"));
        Files.writeString(dir.resolve("cluster.yml"), """
                name: st
                provider: { type: static, inventory: hosts.ini }
                ssh: { connect_timeout: 1s, start_timeout: 3s }
                vars: { out: %s }
                groups:
                  web: {}
                  db: { count: 2 }
                steps:
                  - name: folder
                    file: { path: "{{ out }}/{{ node.name }}" }
                  - name: hello
                    shell: echo "{{ node.name }} {{ node.group }} {{ node.index }}" >> {{ out }}/{{ node.name }}/hello
                    creates: "{{ out }}/{{ node.name }}/hello"
                """.formatted(dir.resolve("out")));
    }

    @AfterEach
    void stop() {
        for (SshdProcess p : new SshdProcess[] {webs, dbA, dbB}) {
            if (p != null) {
                p.close();
            }
        }
    }

    Cli.Result spotplay(String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = args[0];
        all[1] = "cluster.yml";
        System.arraycopy(args, 1, all, 2, args.length - 1);
        return Cli.run(dir, 120, all);
    }

    String hello(String node) throws Exception {
        return Files.readString(dir.resolve("out").resolve(node).resolve("hello")).strip();
    }

    @Test
    void anInventoryScriptAndAFolderWithGroupVarsAndTemplatesLogInWhereAnsibleWould() throws Exception {
        Path inv = Files.createDirectories(dir.resolve("inv"));
        Files.createDirectories(inv.resolve("group_vars"));
        Files.writeString(inv.resolve("10-web"), "[web]\nweb1 ansible_host=\"{{ net }}.1\"\nweb2 ansible_host=127.0.4.2\n");
        Files.writeString(inv.resolve("README.md"), "not an inventory: skipped, as Ansible skips it\n");
        Files.writeString(inv.resolve("group_vars/all.yml"), """
                net: "127.0.4"
                ansible_port: "{{ %d }}"
                ansible_ssh_user: %s
                ansible_user: someone-else
                ansible_ssh_private_key_file: %s
                """.formatted(port, System.getProperty("user.name"), OpenSshServer.get().key()));
        Path script = dir.resolve("cmdb.sh");
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = --list ] || exit 2\n"
                + "echo '{\"db\": [\"db-a\"], \"_meta\": {\"hostvars\": {\"db-a\": {\"ansible_host\": \"127.0.4.3\"}}}}'\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Files.writeString(dir.resolve("cluster.yml"), Files.readString(dir.resolve("cluster.yml"))
                .replace("inventory: hosts.ini", "inventory: [cmdb.sh, inv]").replace("db: { count: 2 }", "db: {}"));

        Cli.Result apply = spotplay("apply", "--yes");
        assertEquals(0, apply.code(), apply.both());
        assertEquals("web1 web 1", hello("web1"));
        assertEquals("web2 web 2", hello("web2"));
        assertEquals("db-a db 1", hello("db-a"));
    }

    /**
     * A step's copy content and shell command use the inventory's variables (group_vars/,
     * host_vars/), inventory_hostname, groups of an inventory group the playbook lacks, and
     * hostvars of another host; changing the one variable a step uses runs that step again on
     * that host only.
     */
    @Test
    void inventoryVariablesReachTheStepsAndAChangedOneRunsItsStepAgainOnlyThere() throws Exception {
        Files.writeString(dir.resolve("hosts.ini"), Files.readString(dir.resolve("hosts.ini"))
                .replace("db-b ansible_host=127.0.4.4\n", "") + "[monitoring]\nweb2\n[backend:children]\ndb\nmonitoring\n");
        Files.createDirectories(dir.resolve("group_vars"));
        Files.createDirectories(dir.resolve("host_vars"));
        Files.writeString(dir.resolve("group_vars/all.yml"), "http_port: 8080\ntls: true\n");
        Files.writeString(dir.resolve("group_vars/db.yml"), "role: primary\nhttp_port: 5432\n");
        Files.writeString(dir.resolve("cluster.yml"), Files.readString(dir.resolve("cluster.yml")).replace("db: { count: 2 }", "db: {}") + """
                  - name: config
                    copy:
                      dest: "{{ out }}/{{ node.name }}/app.conf"
                      content: "port={{ http_port }} host={{ inventory_hostname }} dbs={{ groups.db | join(',') }} backend={{ groups.backend | join(',') }} db_role={{ hostvars['db-a'].role }} tls={{ tls }}\\n"
                  - name: listen
                    shell: echo "{{ inventory_hostname }} listens on {{ http_port }}" > {{ out }}/{{ node.name }}/listen
                    groups: [web]
                """);
        Cli.Result apply = spotplay("apply", "--yes");
        assertEquals(0, apply.code(), apply.both());
        Path out = dir.resolve("out");
        assertEquals("port=8080 host=web1 dbs=db-a backend=db-a,web2 db_role=primary tls=true", Files.readString(out.resolve("web1/app.conf")).strip());
        assertEquals("port=5432 host=db-a dbs=db-a backend=db-a,web2 db_role=primary tls=true", Files.readString(out.resolve("db-a/app.conf")).strip());
        assertEquals("web2 listens on 8080", Files.readString(out.resolve("web2/listen")).strip());

        Files.writeString(dir.resolve("host_vars/web2.yml"), "http_port: 9090\n");
        Cli.Result plan = spotplay("plan");
        assertEquals(0, plan.code(), plan.both());
        assertTrue(plan.out().contains("Plan: 0 nodes to launch, 0 to terminate, 2 steps to run on 1 node."), plan.out());
        assertTrue(plan.out().contains("run \"config\" on web2  (definition changed)") && plan.out().contains("run \"listen\" on web2  (definition changed)"), plan.out());
        Cli.Result again = spotplay("apply", "--yes");
        assertEquals(0, again.code(), again.both());
        assertEquals("web2 listens on 9090", Files.readString(out.resolve("web2/listen")).strip());
        assertTrue(Files.readString(out.resolve("web2/app.conf")).startsWith("port=9090 host=web2"));
        assertTrue(Files.readString(out.resolve("web1/app.conf")).startsWith("port=8080 host=web1"));

        Files.writeString(dir.resolve("cluster.yml"), Files.readString(dir.resolve("cluster.yml")).replace("{{ http_port }}\" >", "{{ htp_port }}\" >"));
        Cli.Result typo = spotplay("plan");
        assertEquals(1, typo.code(), typo.both());
        assertTrue(typo.err().contains("cluster.yml:") && typo.err().contains("\"htp_port\" is not defined for host web1")
                && typo.err().contains("Did you mean \"http_port\"?"), typo.both());
    }

    /**
     * Kubespray's layout, with real sshd hosts: cp1 and cp2 are in the control plane and in etcd,
     * e3 in etcd and the workers, n4 a worker only; the workers wait for the control plane. Each
     * host is one node that runs the steps of each of its groups once, the workers' steps only
     * after the control plane's; status and inventory show each host once, with all its groups.
     */
    @Test
    void aHostInSeveralGroupsIsOneNodeThatRunsTheStepsOfEach() throws Exception {
        dbB = SshdProcess.start(dir.resolve("sshd-db-b"), SshdProcess.hostKey(dir.resolve("keys/db-b")), List.of("127.0.4.4"), port);
        Files.writeString(dir.resolve("hosts.ini"), """
                [kube_control_plane]
                cp1 ansible_host=127.0.4.1
                cp2 ansible_host=127.0.4.2
                [etcd]
                cp1
                cp2
                e3 ansible_host=127.0.4.3
                [kube_node]
                e3
                n4 ansible_host=127.0.4.4
                [all:vars]
                ansible_port=%d
                ansible_user=%s
                ansible_ssh_private_key_file=%s
                """.formatted(port, System.getProperty("user.name"), OpenSshServer.get().key()));
        Path order = dir.resolve("order");
        Files.writeString(dir.resolve("cluster.yml"), """
                name: k8s
                provider: { type: static, inventory: hosts.ini }
                ssh: { connect_timeout: 1s, start_timeout: 3s }
                groups:
                  kube_control_plane: {}
                  etcd: {}
                  kube_node: { after: [kube_control_plane] }
                steps:
                  - name: base
                    shell: echo "{{ inventory_hostname }} base" >> %1$s
                  - name: etcd
                    shell: echo "{{ inventory_hostname }} etcd {{ groups.etcd | join(',') }}" >> %1$s
                    groups: [etcd]
                  - name: control
                    shell: sleep 1; echo "{{ inventory_hostname }} control" >> %1$s
                    groups: [kube_control_plane]
                  - name: join
                    shell: echo "{{ inventory_hostname }} join" >> %1$s
                    groups: [kube_node]
                """.formatted(order));
        Cli.Result plan = spotplay("plan");
        assertEquals(0, plan.code(), plan.both());
        assertTrue(plan.out().contains("Plan: 0 nodes to launch, 0 to terminate, 4 steps to run on 4 nodes."), plan.out());

        Cli.Result apply = spotplay("apply", "--yes");
        assertEquals(0, apply.code(), apply.both());
        List<String> lines = Files.readAllLines(order);
        assertEquals(11, lines.size(), "each step once on each host that has it: " + lines);
        for (String host : List.of("cp1", "cp2")) {
            assertEquals(List.of(host + " base", host + " etcd cp1,cp2,e3", host + " control"),
                    lines.stream().filter(l -> l.startsWith(host + " ")).toList(), "its groups' steps in playbook order");
        }
        assertEquals(List.of("e3 base", "e3 etcd cp1,cp2,e3", "e3 join"), lines.stream().filter(l -> l.startsWith("e3 ")).toList());
        assertEquals(List.of("n4 base", "n4 join"), lines.stream().filter(l -> l.startsWith("n4 ")).toList());
        int lastControl = Math.max(lines.indexOf("cp1 control"), lines.indexOf("cp2 control"));
        assertTrue(lines.indexOf("e3 join") > lastControl && lines.indexOf("n4 join") > lastControl,
                "the workers join after the whole control plane: " + lines);

        Cli.Result status = spotplay("status");
        assertEquals(0, status.code(), status.both());
        assertTrue(status.out().contains("4 nodes"), status.out());
        assertTrue(status.out().lines().anyMatch(l -> l.contains("cp1") && l.contains("kube_control_plane+etcd") && l.contains("3/3 ok")),
                status.out());
        assertTrue(status.out().lines().anyMatch(l -> l.contains("e3") && l.contains("etcd+kube_node") && l.contains("3/3 ok")), status.out());
        JsonNode json = new ObjectMapper().readTree(spotplay("status", "--json").out());
        assertEquals(4, json.path("nodes").size());
        assertEquals("[\"kube_control_plane\",\"etcd\"]", json.path("nodes").get(0).path("groups").toString(), json.toString());

        Cli.Result inventory = spotplay("inventory");
        assertEquals(0, inventory.code(), inventory.both());
        Path written = Files.writeString(dir.resolve("written.ini"), inventory.out());
        Inventory back = InventoryLoader.load(List.of(written));
        assertEquals(4, back.hosts().size());
        assertTrue(back.groupsOf("cp1").containsAll(List.of("kube_control_plane", "etcd")), back.groupsOf("cp1").toString());
        assertTrue(back.groupsOf("e3").containsAll(List.of("etcd", "kube_node")), back.groupsOf("e3").toString());

        Cli.Result noop = spotplay("plan");
        assertTrue(noop.out().contains("No changes."), noop.out());
    }

    @Test
    void aDownHostIsReportedAndTheOthersAreSetUpThenApplyResumesAndANoOpTouchesNoHost() throws Exception {
        Cli.Result plan = spotplay("plan");
        assertEquals(0, plan.code(), plan.both());
        assertTrue(plan.out().contains("Plan: 0 nodes to launch, 0 to terminate, 2 steps to run on 4 nodes."), plan.out());
        assertTrue(plan.out().contains("run \"hello\" on web1, web2, db-a, db-b"), plan.out());

        Cli.Result first = spotplay("apply", "--yes");
        assertEquals(1, first.code(), first.both());
        assertTrue(first.out().contains("db-b") && first.out().contains("down"), first.out());
        assertTrue(first.out().contains("did not answer SSH at 127.0.4.4:" + port), first.out());
        assertSummary(first, "FAILED", "3 nodes ok, 1 down. Fix the cause and run apply again: it resumes where it failed.");
        assertEquals("web1 web 1", hello("web1"));
        assertEquals("web2 web 2", hello("web2"));
        assertEquals("db-a db 1", hello("db-a"));

        Cli.Result down = spotplay("status");
        assertTrue(down.out().matches("(?s).*db-b\\s+db\\s+down .*did not answer SSH.*"), down.out());
        Cli.Result again = spotplay("plan");
        assertTrue(again.out().contains("run \"folder\" on db-b  (never ran here)"), again.out());
        assertFalse(again.out().contains("web1"), "web1 is done:\n" + again.out());

        dbB = SshdProcess.start(dir.resolve("sshd-db-b"), SshdProcess.hostKey(dir.resolve("keys/db-b")), List.of("127.0.4.4"), port);
        Cli.Result resumed = spotplay("apply", "--yes");
        assertEquals(0, resumed.code(), resumed.both());
        assertEquals("db-b db 2", hello("db-b"));
        assertTrue(spotplay("status").out().matches("(?s).*db-b\\s+db\\s+running .*"), "db-b answers again");
        assertEquals("web1 web 1", hello("web1"), "nothing ran again on web1");

        // Every host down: a no-op apply still succeeds, so it answered from state alone.
        stop();
        Cli.Result noop = spotplay("apply", "--yes");
        assertEquals(0, noop.code(), noop.both());
        assertTrue(noop.out().contains("No changes."), noop.out());
        Cli.Result status = spotplay("status");
        assertTrue(status.out().contains("4 nodes") && status.out().contains("127.0.4.4:" + port), status.out());
    }

    /** The last line of an apply: "Apply STATE in N.Ns: COUNTS". */
    static void assertSummary(Cli.Result r, String state, String counts) {
        assertTrue(r.out().matches("(?s).*\nApply " + state + " in \\d+\\.\\ds: " + java.util.regex.Pattern.quote(counts) + "\n.*"),
                "expected \"Apply " + state + " in ...: " + counts + "\" in:\n" + r.out());
    }

    /** web1 and db-a answer; web2 (127.0.4.9) and db-b have nothing listening, so they are refused at once. */
    void someHostsDown(String groups) throws Exception {
        Files.writeString(dir.resolve("hosts.ini"), """
                [web]
                web1 ansible_host=127.0.4.1
                web2 ansible_host=127.0.4.9
                [db]
                db-a ansible_host=127.0.4.3
                db-b ansible_host=127.0.4.4
                [all:vars]
                ansible_port=%d
                ansible_user=%s
                ansible_ssh_private_key_file=%s
                """.formatted(port, System.getProperty("user.name"), OpenSshServer.get().key()));
        Files.writeString(dir.resolve("cluster.yml"), Files.readString(dir.resolve("cluster.yml"))
                .replaceFirst("(?s)groups:.*?steps:", "groups:\n" + groups + "steps:"));
    }

    @Test
    void theSummaryCountsOkFailedAndDownEachOnItsOwn() throws Exception {
        someHostsDown("  web: {}\n  db: { count: 2 }\n");
        Cli.Result apply = spotplay("apply", "--yes");
        assertEquals(1, apply.code(), apply.both());
        assertSummary(apply, "FAILED", "2 nodes ok, 2 down. Fix the cause and run apply again: it resumes where it failed.");
    }

    @Test
    void anApplyWhereEveryHostIsDownFails() throws Exception {
        someHostsDown("  web: {}\n");
        Files.writeString(dir.resolve("hosts.ini"), Files.readString(dir.resolve("hosts.ini")).replace("127.0.4.1", "127.0.4.8"));
        Cli.Result apply = spotplay("apply", "--yes");
        assertEquals(1, apply.code(), apply.both());
        assertSummary(apply, "FAILED", "0 nodes ok, 2 down. Fix the cause and run apply again: it resumes where it failed.");
    }

    @Test
    void aDownHostMinCountAcceptsIsSaidSoAndSucceeds() throws Exception {
        someHostsDown("  web: { min_count: 1 }\n");
        Cli.Result apply = spotplay("apply", "--yes");
        assertEquals(0, apply.code(), apply.both());
        assertTrue(apply.out().contains("web: 1/2 nodes up, at least min_count 1: accepted"), apply.out());
        assertSummary(apply, "complete", "1 node ok, 1 down but accepted (at least min_count up).");
        assertEquals("web1 web 1", hello("web1"));
    }

    @Test
    void destroyForgetsTheHostsAndSaysSo() throws Exception {
        dbB = SshdProcess.start(dir.resolve("sshd-db-b"), SshdProcess.hostKey(dir.resolve("keys/db-b")), List.of("127.0.4.4"), port);
        assertEquals(0, spotplay("apply", "--yes").code());
        Cli.Result destroy = spotplay("destroy", "--yes");
        assertEquals(0, destroy.code(), destroy.both());
        assertTrue(destroy.out().contains("Forgetting 4 nodes..."), destroy.out());
        assertTrue(destroy.out().contains("Destroyed cluster \"st\": 4 nodes forgotten (nothing was done to the hosts)."), destroy.out());
        assertFalse(destroy.out().contains("terminated"), destroy.out());
        assertEquals("web1 web 1", hello("web1"), "nothing was done to the hosts");
    }

    @Test
    void aHostWhoseKeyChangedIsRefusedAndTheOthersGoOn() throws Exception {
        dbB = SshdProcess.start(dir.resolve("sshd-db-b"), SshdProcess.hostKey(dir.resolve("keys/db-b")), List.of("127.0.4.4"), port);
        assertEquals(0, spotplay("apply", "--yes").code());

        dbA.close();
        dbA = SshdProcess.start(dir.resolve("sshd-db-a2"), SshdProcess.hostKey(dir.resolve("keys/db-a-reinstalled")), List.of("127.0.4.3"), port);
        Files.delete(dir.resolve("out/db-a/hello"));
        Files.delete(dir.resolve("out/web1/hello"));
        Cli.Result recheck = spotplay("apply", "--yes", "--recheck");
        assertEquals(1, recheck.code(), recheck.both());
        assertTrue(recheck.out().contains("Host key of db-a (127.0.4.3:" + port + ") changed"), recheck.out());
        assertTrue(recheck.out().contains("spotplay forget-host-key db-a"), recheck.out());
        assertFalse(Files.exists(dir.resolve("out/db-a/hello")), "nothing ran on the host with the changed key");
        assertEquals("web1 web 1", hello("web1"), "the others went on");

        // The user knows db-a was reinstalled: forgetting its key lets the next apply pin the new one.
        Cli.Result forget = spotplay("forget-host-key", "db-a", "--yes");
        assertEquals(0, forget.code(), forget.both());
        assertTrue(forget.out().contains("node db-a: ssh-ed25519 SHA256:"), "the key forgotten is shown:\n" + forget.out());
        Cli.Result exec = spotplay("exec", "db", "--", "echo", "reached");
        assertNotEquals(0, exec.code(), "exec trusts only a pinned key, and none is pinned now:\n" + exec.both());
        Cli.Result again = spotplay("apply", "--yes", "--recheck");
        assertEquals(0, again.code(), again.both());
        assertTrue(Files.exists(dir.resolve("out/db-a/hello")), "the steps ran on the reinstalled host");
        Cli.Result pinnedAgain = spotplay("exec", "db", "--", "echo", "reached");
        assertEquals(0, pinnedAgain.code(), pinnedAgain.both());
    }

    @Test
    void theInventorySpotplayWritesReadsBackAsTheHostsItLogsInTo() throws Exception {
        Cli.Result ini = spotplay("inventory");
        assertEquals(0, ini.code(), ini.both());
        Path written = dir.resolve("written.ini");
        Files.writeString(written, ini.out());
        Inventory back = InventoryLoader.load(written, "written.ini");
        assertEquals(List.of("web1", "web2"), back.hostsOf("web"));
        assertEquals(List.of("db-a", "db-b"), back.hostsOf("db"));
        assertEquals("127.0.4.3", back.varsOf("db-a").get("ansible_host"));
        assertEquals((long) port, back.varsOf("db-a").get("ansible_port"), "a number, as Ansible reads an INI value");
        assertEquals(System.getProperty("user.name"), back.varsOf("db-b").get("ansible_user"));
        assertEquals(OpenSshServer.get().key().toString(), back.varsOf("web2").get("ansible_ssh_private_key_file"));

        Cli.Result json = spotplay("inventory", "--format", "json");
        JsonNode hosts = new ObjectMapper().readTree(json.out()).path("all").path("children").path("db").path("hosts");
        assertEquals(port, hosts.path("db-b").path("ansible_port").asInt(), json.out());

        Cli.Result yaml = spotplay("inventory", "--format", "yaml");
        Path writtenYaml = dir.resolve("written.yml");
        Files.writeString(writtenYaml, yaml.out());
        assertEquals("127.0.4.2", InventoryLoader.load(writtenYaml, "written.yml").varsOf("web2").get("ansible_host"));
    }

    @Test
    void aGroupTheInventoryLacksOrACountThatDiffersIsAnErrorWithItsPosition() throws Exception {
        Files.writeString(dir.resolve("cluster.yml"), """
                name: st
                provider: { type: static, inventory: hosts.ini }
                groups:
                  web: { count: 3 }
                  dbs: {}
                """);
        Cli.Result validate = spotplay("validate");
        assertEquals(1, validate.code(), validate.both());
        assertTrue(validate.err().contains("cluster.yml:4:3: Count differs from the inventory"), validate.err());
        assertTrue(validate.err().contains("has 2 hosts in it (web1, web2)"), validate.err());
        assertTrue(validate.err().contains("cluster.yml:5:3: Group not in the inventory"), validate.err());
        assertTrue(validate.err().contains("Did you mean \"db\"?"), validate.err());
        assertEquals(1, spotplay("plan").code());
        Cli.Result apply = spotplay("apply", "--yes");
        assertEquals(1, apply.code());
        assertTrue(apply.err().contains("cluster.yml:5:3: Group not in the inventory"), apply.err());
        assertFalse(Files.exists(dir.resolve(".spotplay/st.mv.db")), "nothing was written");
    }

    @Test
    void aMistakeInTheInventoryNamesItsLine() throws Exception {
        Files.writeString(dir.resolve("hosts.ini"), "[web]\nweb1 ansible_port=ssh\n[db]\ndb-a\n");
        Cli.Result validate = spotplay("validate");
        assertEquals(1, validate.code());
        assertTrue(validate.err().contains("hosts.ini:2:19: Invalid port"), validate.err());
        assertFalse(validate.err().contains("Exception"), validate.err());
        Cli.Result apply = spotplay("apply", "--yes");
        assertEquals(1, apply.code());
        assertTrue(apply.err().contains("hosts.ini:2:19: Invalid port"), apply.err());
        assertFalse(Files.exists(dir.resolve(".spotplay")), "nothing was written");
    }
}
