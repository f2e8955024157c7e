package dev.spotplay.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.Diagnostic;
import dev.spotplay.diag.UserError;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookLoaderTest {
    @TempDir Path dir;

    static final String FULL = """
            name: demo
            provider:
              type: aws
              region: eu-west-1
              endpoint: http://localhost:4566
              availability_zones: [eu-west-1a, eu-west-1b]
            ssh:
              user: ubuntu
              port: 22
              private_key: ~/.ssh/id_ed25519
              connect_timeout: 5s
              start_timeout: 1h30m
              allow_from: [203.0.113.7/32, "2001:db8::/32"]
            vars:
              data_dir: /srv/data
              ports: [80, 443]
            groups:
              head:
                count: 1
                market: on-demand
                instance_type: t3.small
                image: ami-0123456789abcdef0
              worker:
                count: 4
                min_count: 2
                instance_type: [c5.large, c5a.large]
                image: ami-0123456789abcdef0
                spot_price: "0.05"
                volume: { size_gb: 100, type: gp3 }
                tags: { team: ml, tier: 2 }
                after: head
            storage:
              shared:
                type: efs
                mount: /mnt/shared
                groups: [head, worker]
            steps:
              - name: fetch data
                groups: [worker]
                shell: ./fetch.sh {{ data_dir }} {{ node.name }} {{ groups.head | join(",") }}
                creates: "{{ data_dir }}/ready"
                env: { PORTS: "{{ ports }}", N: 3 }
                timeout: 10m
              - copy: { src: ./app, dest: /opt/app }
                groups: head
            """;

    @Test
    void fullPlaybookLoadsWithEveryValue() throws Exception {
        // The key file must exist (validate refuses a missing one); "~" is this test's own home.
        String home = System.getProperty("user.home");
        Path ssh = Files.createDirectories(dir.resolve("home/.ssh"));
        Files.writeString(ssh.resolve("id_ed25519"), "key\n");
        Files.writeString(ssh.resolve("id_ed25519.pub"), "ssh-ed25519 AAAA\n");
        System.setProperty("user.home", dir.resolve("home").toString());
        PlaybookLoader.Loaded loaded;
        try {
            loaded = Fixtures.load(dir, FULL);
        } finally {
            System.setProperty("user.home", home);
        }
        Playbook p = loaded.playbook();
        assertEquals("demo", p.name());
        assertEquals(dir.resolve("cluster.yml").toAbsolutePath().normalize(), p.file());
        assertEquals("aws", p.provider().type());
        assertEquals("eu-west-1", p.provider().setting("region"));
        assertEquals(List.of("eu-west-1a", "eu-west-1b"), p.provider().settings().get("availability_zones"));

        assertEquals("ubuntu", p.ssh().user());
        assertEquals(22, p.ssh().port());
        assertEquals(dir.resolve("home/.ssh/id_ed25519").toString(), p.ssh().privateKey());
        assertEquals(Duration.ofSeconds(5), p.ssh().connectTimeout());
        assertEquals(Duration.ofMinutes(90), p.ssh().startTimeout());
        assertEquals(Duration.ofMinutes(30), p.ssh().stepTimeout());
        assertEquals(List.of("203.0.113.7/32", "2001:db8::/32"), p.ssh().settings().get("allow_from"));

        assertEquals(Map.of("data_dir", "/srv/data", "ports", List.of(80L, 443L)), p.vars());

        assertEquals(List.of("head", "worker"), p.groups().stream().map(Group::name).toList());
        Group head = p.group("head").orElseThrow();
        assertEquals(OptionalInt.of(1), head.count());
        assertEquals(OptionalInt.of(1), head.minCount());
        assertEquals("on-demand", head.setting("market"));
        assertEquals(List.of("t3.small"), head.setting("instance_type"));
        assertNull(head.setting("spot_price"));
        Group worker = p.group("worker").orElseThrow();
        assertEquals(OptionalInt.of(4), worker.count());
        assertEquals(OptionalInt.of(2), worker.minCount());
        assertEquals("spot", worker.setting("market"));
        assertEquals(List.of("c5.large", "c5a.large"), worker.setting("instance_type"));
        assertEquals(new BigDecimal("0.05"), worker.setting("spot_price"));
        assertEquals("Volume[sizeGb=100, type=gp3, iops=null, throughput=null]", worker.setting("volume").toString()); // the aws provider's record
        assertEquals(Map.of("team", "ml", "tier", "2"), worker.setting("tags"));
        assertEquals(List.of("head"), worker.after());
        assertEquals(18, head.at().line());
        assertEquals(3, head.at().column());

        Storage shared = p.storage().get(0);
        assertEquals(new Storage("shared", "efs", "/mnt/shared", List.of("head", "worker"), shared.at()), shared);
        assertEquals(33, shared.at().line());

        Step mount = p.steps().get(0);
        assertEquals("mount shared", mount.name(), "the aws provider mounts declared storage first");
        assertEquals(List.of("head", "worker"), mount.groups());
        assertTrue(mount.args().get(Step.MAIN_ARG).toString().contains("{{ storage.shared.address }}"));
        assertTrue(mount.args().get(Step.MAIN_ARG).toString().contains("_netdev"));

        Step fetch = p.steps().get(1);
        assertEquals("fetch data", fetch.name());
        assertEquals("shell", fetch.module());
        assertEquals(List.of("worker"), fetch.groups());
        assertEquals(Duration.ofMinutes(10), fetch.timeout());
        assertEquals(List.of(Step.MAIN_ARG, "creates", "env"), List.copyOf(fetch.args().keySet()));
        assertEquals("{{ data_dir }}/ready", fetch.args().get("creates"));
        assertEquals(Map.of("PORTS", "{{ ports }}", "N", 3L), fetch.args().get("env"));

        Step copy = p.steps().get(2);
        assertEquals("copy #2", copy.name());
        assertEquals(List.of("head"), copy.groups());
        assertEquals(Duration.ofMinutes(30), copy.timeout());
        assertEquals(Map.of("src", "./app", "dest", "/opt/app"), copy.args().get(Step.MAIN_ARG));
        assertTrue(loaded.warnings().isEmpty(), () -> loaded.warnings().toString());
    }

    @Test
    void minimalPlaybookGetsDefaults() {
        Playbook p = Fixtures.load(dir, "name: x\ngroups:\n  node:\n    count: 0\nsteps:\n  - shell: echo hi\n").playbook();
        assertEquals("local", p.provider().type());
        assertEquals(SshConfig.defaults(), p.ssh());
        Group g = p.groups().get(0);
        assertEquals(OptionalInt.of(0), g.count());
        assertEquals(Map.of(), g.settings(), "the local provider has no group keys");
        assertEquals(List.of("all"), p.steps().get(0).groups());
        assertEquals("shell #1", p.steps().get(0).name());
        assertEquals(0, p.steps().get(0).index());
    }

    @Test
    void aTopLevelStateNamesWhereTheStateLivesAndIsAbsentByDefault() {
        Playbook team = Fixtures.load(dir, "name: x\nstate: postgresql://db.example:5432/spotplay\ngroups:\n  node:\n    count: 0\n").playbook();
        assertEquals(java.util.Optional.of("postgresql://db.example:5432/spotplay"), team.state());
        assertEquals(java.util.Optional.of("postgresql://db.example:5432/spotplay"), team.withVars(java.util.Map.of("a", 1)).state());
        assertEquals(java.util.Optional.empty(), Fixtures.load(dir, "name: x\ngroups:\n  node:\n    count: 0\n").playbook().state());
    }

    @Test
    void staticInventoryResolvesAgainstThePlaybookFolder() throws Exception {
        Files.createDirectories(dir.resolve("inv"));
        Files.writeString(dir.resolve("inv/hosts.ini"), "[worker]\n10.0.0.1\n");
        Playbook p = Fixtures.load(dir, "name: x\nprovider: {type: static, inventory: inv/hosts.ini}\ngroups:\n  worker: {count: 1}\n").playbook();
        assertEquals(List.of(dir.resolve("inv/hosts.ini").toAbsolutePath().normalize().toString()), p.provider().settings().get("inventory"));
    }

    @Test
    void staticHostsThatNeverAnsweredCostThirtySecondsNotTenMinutesUnlessThePlaybookSaysSo() throws Exception {
        Files.writeString(dir.resolve("hosts.ini"), "[worker]\n10.0.0.1\n");
        String pb = "name: x\nprovider: {type: static, inventory: hosts.ini}\ngroups:\n  worker: {}\n";
        assertEquals(Duration.ofSeconds(30), Fixtures.load(dir, pb).playbook().ssh().startTimeout());
        assertEquals(Duration.ofMinutes(2), Fixtures.load(dir, pb + "ssh: {start_timeout: 2m}\n").playbook().ssh().startTimeout());
        assertEquals(Duration.ofMinutes(10), Fixtures.load(dir, "name: x\ngroups:\n  worker: {count: 1}\n").playbook().ssh().startTimeout());
    }

    @Test
    void spotPriceOnLocalProviderIsAWarningNotAnError() {
        PlaybookLoader.Loaded loaded = Fixtures.load(dir, "name: x\ngroups:\n  worker:\n    count: 1\n    spot_price: 0.1\n");
        assertEquals(1, loaded.warnings().size());
        Diagnostic w = loaded.warnings().get(0);
        assertTrue(w.detail().contains("only applies to the aws provider"), w.detail());
        assertEquals(5, w.range().line());
        assertEquals(5, w.range().column());
    }

    @Test
    void missingFileIsAUserError() {
        UserError e = assertThrows(UserError.class, () -> PlaybookLoader.load(dir.resolve("nope.yml"), TestModules.catalog()));
        assertTrue(e.getMessage().contains("nope.yml not found"), e.getMessage());
    }

    @Test
    void folderIsAUserError() {
        UserError e = assertThrows(UserError.class, () -> PlaybookLoader.load(dir, TestModules.catalog()));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void diagnosticsNameTheFileAsTheUserGaveIt() {
        Path file = Fixtures.write(dir, "name: x\ngroups:\n  w:\n    cnt: 1\n");
        Diagnostic d = Fixtures.errorContaining(Fixtures.errors(file), "Did you mean \"count\"?");
        assertEquals(file.toString() + ":4:5", d.range().location());
        assertEquals("    cnt: 1", d.range().sourceLine());
    }
}
