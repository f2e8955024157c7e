package dev.spotplay.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.Diagnostic;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each bad playbook beside the error it must produce and where. */
class MalformedPlaybookTest {
    @TempDir Path dir;

    record Case(String name, String yaml, String expected, int line, int column) {
        @Override public String toString() { return name; }
    }

    static final String G = "groups:\n  worker:\n    count: 2\n";

    static Stream<Case> cases() {
        return Stream.of(
            new Case("misspelt top key", "nmae: demo\n" + G, "Did you mean \"name\"?", 1, 1),
            new Case("unknown top key lists allowed", "name: x\nfoo: 1\n" + G, "Allowed keys: name, state, provider, ssh, vars, profiles, groups, storage, steps", 2, 1),
            new Case("password in state", "name: x\nstate: postgresql://alice:s3cret@db:5432/spotplay\n" + G, "put the password in PGPASSWORD or ~/.pgpass", 2, 8),
            new Case("empty state", "name: x\nstate: \"\"\n" + G, "Empty state location", 2, 8),
            new Case("state a number", "name: x\nstate: 5432\n" + G, "must be a string", 2, 8),
            new Case("missing name", G, "needs \"name\"", 1, 1),
            new Case("bad cluster name", "name: Demo_1\n" + G, "not a valid cluster name", 1, 7),
            new Case("name not a string", "name: 42\n" + G, "must be a string", 1, 7),
            new Case("missing groups", "name: x\n", "at least one group", 1, 1),
            new Case("empty groups", "name: x\ngroups: {}\n", "at least one group", 2, 9),
            new Case("groups a list", "name: x\ngroups: [a]\n", "must map each group's name", 2, 9),
            new Case("count quoted", "name: x\ngroups:\n  w:\n    count: \"4\"\n", "whole number from 0 to 1000 without quotes", 4, 12),
            new Case("count decimal", "name: x\ngroups:\n  w:\n    count: 4.5\n", "not a decimal number (4.5)", 4, 12),
            new Case("count boolean", "name: x\ngroups:\n  w:\n    count: true\n", "not a boolean", 4, 12),
            new Case("count too big", "name: x\ngroups:\n  w:\n    count: 1001\n", "from 0 to 1000, not 1001", 4, 12),
            new Case("count missing", "name: x\ngroups:\n  w:\n    market: spot\n", "needs \"count\"", 4, 5),
            new Case("min_count above count", "name: x\ngroups:\n  w:\n    count: 2\n    min_count: 3\n", "may not exceed \"count\"", 5, 16),
            new Case("bad market", "name: x\ngroups:\n  w:\n    count: 1\n    market: spott\n", "Did you mean \"spot\"?", 5, 13),
            new Case("misspelt group key", "name: x\ngroups:\n  w:\n    count: 1\n    instnace_type: t3.small\n", "Did you mean \"instance_type\"?", 5, 5),
            new Case("group ends in digit", "name: x\ngroups:\n  worker1:\n    count: 1\n", "does not end in a digit", 3, 3),
            new Case("group named all", "name: x\ngroups:\n  all:\n    count: 1\n", "\"all\" stands for every group", 3, 3),
            new Case("group not a mapping", "name: x\ngroups:\n  w: 3\n", "must be a mapping", 3, 6),
            new Case("aws needs instance_type", "name: x\nprovider: {type: aws}\ngroups:\n  w:\n    count: 1\n    image: ami-1\n", "needs \"instance_type\"", 5, 5),
            new Case("aws needs image", "name: x\nprovider: {type: aws}\ngroups:\n  w:\n    count: 1\n    instance_type: t3.small\n", "needs \"image\"", 5, 5),
            new Case("empty instance_type list", "name: x\ngroups:\n  w:\n    count: 1\n    instance_type: []\n", "at least one value", 5, 20),
            new Case("negative spot price", "name: x\ngroups:\n  w:\n    count: 1\n    spot_price: -0.5\n", "positive decimal number", 5, 17),
            new Case("spot price text", "name: x\ngroups:\n  w:\n    count: 1\n    spot_price: cheap\n", "positive decimal number such as 0.05, not \"cheap\"", 5, 17),
            new Case("bad volume type", "name: x\ngroups:\n  w:\n    count: 1\n    volume: {size_gb: 10, type: gp4}\n", "must be one of: gp2, gp3, io1", 5, 33),
            new Case("io1 without iops", "name: x\ngroups:\n  w:\n    count: 1\n    volume: {size_gb: 10, type: io1}\n", "needs its provisioned IOPS", 5, 13),
            new Case("iops on gp2", "name: x\ngroups:\n  w:\n    count: 1\n    volume: {size_gb: 10, type: gp2, iops: 3000}\n", "only io1, io2 and gp3 take", 5, 44),
            new Case("throughput on io1", "name: x\ngroups:\n  w:\n    count: 1\n    volume: {size_gb: 10, type: io1, iops: 3000, throughput: 200}\n", "only a gp3 volume takes", 5, 62),
            new Case("gp3 iops too low", "name: x\ngroups:\n  w:\n    count: 1\n    volume: {size_gb: 10, type: gp3, iops: 100}\n", "from 3000 to 16000", 5, 44),
            new Case("zero volume size", "name: x\ngroups:\n  w:\n    count: 1\n    volume: {size_gb: 0}\n", "from 1 to 16384", 5, 23),
            new Case("reserved tag", "name: x\ngroups:\n  w:\n    count: 1\n    tags: {\"spotplay:group\": x}\n", "set by spotplay itself", 5, 12),
            new Case("tag value a list", "name: x\ngroups:\n  w:\n    count: 1\n    tags: {team: [a]}\n", "must be a string", 5, 18),
            new Case("user data too large", "name: x\ngroups:\n  w:\n    count: 1\n    user_data: " + "x".repeat(16385) + "\n",
                    "has 16385 bytes; EC2 takes at most 16384 (16 KB)", 5, 16),
            new Case("user data file missing", "name: x\ngroups:\n  w:\n    count: 1\n    user_data: {file: init.sh}\n",
                    "The path is relative to the playbook's folder", 5, 23),
            new Case("user data mapping without file", "name: x\ngroups:\n  w:\n    count: 1\n    user_data: {path: init.sh}\n",
                    "Allowed keys: file", 5, 17),
            new Case("user data a list", "name: x\ngroups:\n  w:\n    count: 1\n    user_data: [a]\n", "must be a string", 5, 16),
            new Case("instance profile name with a space", "name: x\ngroups:\n  w:\n    count: 1\n    iam_instance_profile: my profile\n",
                    "takes an instance profile's name", 5, 27),
            new Case("instance profile a role's arn", "name: x\ngroups:\n  w:\n    count: 1\n    iam_instance_profile: arn:aws:iam::123456789012:role/ml\n",
                    "is not an instance profile's ARN", 5, 27),
            new Case("misspelt tenancy", "name: x\ngroups:\n  w:\n    count: 1\n    tenancy: dedicatd\n", "Did you mean \"dedicated\"?", 5, 14),
            new Case("unknown spot api", "name: x\nprovider: {type: aws, spot_api: spot}\n" + G,
                    "must be one of: run-instances, spot-requests", 2, 33),
            new Case("after unknown group", "name: x\ngroups:\n  head: {count: 1}\n  w:\n    count: 1\n    after: [haed]\n", "Did you mean \"head\"?", 6, 13),
            new Case("after itself", "name: x\ngroups:\n  w:\n    count: 1\n    after: w\n", "cannot wait for itself", 5, 12),
            new Case("after cycle", "name: x\ngroups:\n  a: {count: 1, after: b}\n  b: {count: 1, after: c}\n  c: {count: 1, after: a}\n",
                    "Cycle in \"after\": a -> b -> c -> a", 3, 3),
            new Case("unknown provider", "name: x\nprovider: {type: gcp}\n" + G, "must be one of: local, aws, static", 2, 18),
            new Case("misspelt aws key", "name: x\nprovider:\n  type: aws\n  regoin: eu-west-1\n" + G, "Did you mean \"region\"?", 4, 3),
            new Case("bad address", "name: x\nprovider: {type: aws, address: pubic}\n" + G, "Did you mean \"public\"?", 2, 32),
            new Case("storage on local", "name: x\n" + G + "storage:\n  s: {mount: /m}\n", "the local provider cannot provide it", 6, 3),
            new Case("storage var reserved", "name: x\nvars: {storage: 1}\n" + G, "reserved for shared storage facts", 2, 8),
            new Case("subnet a number", "name: x\nprovider: {type: aws, subnet: [1]}\n" + G, "must be strings", 2, 32),
            new Case("aws key on local", "name: x\nprovider:\n  region: eu-west-1\n" + G, "not expected in \"provider\" of type local", 3, 3),
            new Case("bad endpoint", "name: x\nprovider: {type: aws, endpoint: localhost}\n" + G, "must be a URL", 2, 33),
            new Case("static without inventory", "name: x\nprovider: {type: static}\n" + G, "needs \"inventory\"", 2, 11),
            new Case("static inventory missing", "name: x\nprovider: {type: static, inventory: hosts.ini}\n" + G, "No inventory file at", 2, 37),
            new Case("port out of range", "name: x\nssh: {port: 70000}\n" + G, "from 1 to 65535, not 70000", 2, 13),
            new Case("port quoted", "name: x\nssh: {port: \"22\"}\n" + G, "whole number from 1 to 65535 without quotes", 2, 13),
            new Case("timeout without unit", "name: x\nssh:\n  connect_timeout: 30\n" + G, "has no unit; add one, e.g. \"30s\"", 3, 20),
            new Case("timeout in words", "name: x\nssh:\n  start_timeout: 10 minutes\n" + G, "not a duration; write e.g. 500ms, 30s", 3, 18),
            new Case("misspelt ssh key", "name: x\nssh:\n  usr: ubuntu\n" + G, "Did you mean \"user\"?", 3, 3),
            new Case("bad ipv4 cidr", "name: x\nssh:\n  allow_from: [10.0.0.300/32]\n" + G, "is not an IPv4 address", 3, 16),
            new Case("cidr without prefix", "name: x\nssh:\n  allow_from: [10.0.0.1]\n" + G, "has no prefix length", 3, 16),
            new Case("bad ipv6 cidr", "name: x\nssh:\n  allow_from: [\"2001:zz::/32\"]\n" + G, "is not an IPv6 address", 3, 16),
            new Case("storage not efs", "name: x\n" + G + "storage:\n  s: {type: nfs, mount: /m}\n", "must be efs", 6, 13),
            new Case("storage mount relative", "name: x\n" + G + "storage:\n  s: {mount: data}\n", "must be an absolute path", 6, 14),
            new Case("storage mount with a line break", "name: x\nprovider: {type: aws}\n" + G + "storage:\n  s: {mount: \"/m\\n/dev/sda1 / ext4\"}\n",
                    "without spaces or control characters", 7, 14),
            new Case("ssh user like an option", "name: x\nssh:\n  user: -oProxyCommand=touch${IFS}/tmp/x\n" + G,
                    "is not a user name", 3, 9),
            new Case("ssh user with a host", "name: x\nssh: {user: \"root@10.0.0.1\"}\n" + G, "is not a user name", 2, 13),
            new Case("bastion chain", "name: x\nssh:\n  proxy_jump: a@10.0.0.1,b@10.0.0.2\n" + G, "through one bastion only", 3, 15),
            new Case("bastion user like an option", "name: x\nssh:\n  proxy_jump: \"-oProxyCommand=x@10.0.0.1\"\n" + G,
                    "its user \"-oProxyCommand=x\" is not a user name", 3, 15),
            new Case("bastion host with a space", "name: x\nssh:\n  proxy_jump: \"ops@bad host\"\n" + G, "its host", 3, 15),
            new Case("bastion port out of range", "name: x\nssh:\n  proxy_jump: ops@10.0.0.1:70000\n" + G,
                    "from 1 to 65535, not 70000", 3, 15),
            new Case("bastion port not a number", "name: x\nssh:\n  proxy_jump: ops@10.0.0.1:ssh\n" + G, "its port \"ssh\"", 3, 15),
            new Case("bastion ipv6 unclosed", "name: x\nssh:\n  proxy_jump: \"ops@[fd00::1\"\n" + G, "does not close it", 3, 15),
            new Case("NUL in a value", "name: x\n" + G + "steps:\n  - shell: \"echo \\0\"\n", "NUL character", 6, 12),
            new Case("storage mount missing", "name: x\n" + G + "storage:\n  s: {type: efs}\n", "needs \"mount\"", 6, 6),
            new Case("storage unknown group", "name: x\n" + G + "storage:\n  s: {mount: /m, groups: [wroker]}\n", "Did you mean \"worker\"?", 6, 27),
            new Case("steps not a list", "name: x\n" + G + "steps:\n  shell: echo\n", "must be a list of steps", 6, 3),
            new Case("step without module", "name: x\n" + G + "steps:\n  - name: a\n", "Known modules: copy, shell", 6, 5),
            new Case("misspelt module", "name: x\n" + G + "steps:\n  - shel: echo hi\n", "Did you mean \"shell\"?", 6, 5),
            new Case("two modules", "name: x\n" + G + "steps:\n  - shell: echo\n    copy: {src: a, dest: b}\n", "Split it into two steps", 7, 5),
            new Case("misspelt option", "name: x\n" + G + "steps:\n  - shell: echo\n    creats: /x\n", "Did you mean \"creates\"?", 7, 5),
            new Case("option of another module", "name: x\n" + G + "steps:\n  - copy: {src: a, dest: b}\n    chdir: /x\n", "Allowed keys: copy, name, groups, timeout, always, become, become_user, mode", 7, 5),
            new Case("become_user that is no user name", "name: x\n" + G + "steps:\n  - shell: id\n    become: true\n    become_user: \"-u root\"\n",
                    "\"become_user\" of step \"shell #1\": \"-u root\" is not a user name", 8, 18),
            new Case("templated become_user", "name: x\n" + G + "steps:\n  - shell: id\n    become: true\n    become_user: \"{{ who }}\"\n",
                    "is not a user name", 8, 18),
            new Case("become as text", "name: x\n" + G + "steps:\n  - shell: id\n    become: \"yes\"\n", "must be true or false without quotes", 7, 13),
            new Case("step unknown group", "name: x\n" + G + "steps:\n  - shell: echo\n    groups: [wrker]\n", "Did you mean \"worker\"?", 7, 14),
            new Case("step timeout bare number", "name: x\n" + G + "steps:\n  - shell: echo\n    timeout: 600\n", "has no unit", 7, 14),
            new Case("duplicate step names", "name: x\n" + G + "steps:\n  - shell: a\n  - name: \"shell #1\"\n    shell: b\n", "must be unique", 7, 5),
            new Case("module rejects main arg", "name: x\n" + G + "steps:\n  - shell: [echo, hi]\n", "shell needs a command as a string", 6, 12),
            new Case("module rejects option", "name: x\n" + G + "steps:\n  - shell: echo\n    env: A=1\n", "env must be a mapping", 7, 10),
            new Case("copy missing dest", "name: x\n" + G + "steps:\n  - copy: {src: a}\n", "with \"src\" and \"dest\"", 6, 11),
            new Case("undefined var", "name: x\nvars: {data_dir: /d}\n" + G + "steps:\n  - shell: ls {{ data_dri }}\n", "Did you mean \"data_dir\"?", 7, 12),
            new Case("unknown node fact", "name: x\n" + G + "steps:\n  - shell: echo {{ node.nme }}\n", "Did you mean \"name\"?", 6, 12),
            new Case("unknown group in template", "name: x\n" + G + "steps:\n  - shell: echo {{ groups.wrker }}\n", "Did you mean \"worker\"?", 6, 12),
            new Case("template nested in option", "name: x\n" + G + "steps:\n  - shell: env\n    env: {A: [\"{{ nope }}\"]}\n", "\"nope\" is not defined", 7, 15),
            new Case("unclosed template", "name: x\n" + G + "steps:\n  - shell: echo {{ node.name\n", "has no closing \"}}\"", 6, 12),
            new Case("unknown filter", "name: x\n" + G + "steps:\n  - shell: echo {{ node.name | upper }}\n", "not a known filter", 6, 12),
            new Case("var with template", "name: x\nvars:\n  a: /x\n  b: \"{{ a }}/y\"\n" + G, "may not contain {{ }} templates", 4, 6),
            new Case("var named node", "name: x\nvars:\n  node: 1\n" + G, "reserved for node facts", 3, 3),
            new Case("duplicate key", "name: x\ngroups:\n  w:\n    count: 1\n    count: 2\n", "appears on line 4 and again on line 5", 5, 5),
            new Case("tab indentation", "name: x\ngroups:\n\tw:\n    count: 1\n", "tabs are not allowed for indentation in YAML; use spaces", 3, 1),
            new Case("syntax error", "name: x\ngroups: [a, b\n", "Invalid YAML", 3, 1),
            new Case("mapping value in scalar", "name: a: b\n", "Invalid YAML", 1, 8),
            new Case("two documents", "name: x\n" + G + "---\nname: y\n", "More than one YAML document", 5, 1),
            new Case("top level list", "- name: x\n", "Top level is not a mapping", 1, 1),
            new Case("top level scalar", "hello\n", "Top level is not a mapping", 1, 1),
            new Case("merge key", "name: x\nbase: &b {count: 1}\ngroups:\n  w:\n    <<: *b\n", "Merge keys are not supported", 5, 5),
            new Case("complex key", "name: x\n? [a, b]\n: 1\n" + G, "Keys must be plain names", 2, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsTheErrorWhereItIs(Case c) {
        Diagnostic d = Fixtures.errorContaining(Fixtures.errors(Fixtures.write(dir, c.yaml())), c.expected());
        assertEquals(c.line() + ":" + c.column(), d.range().line() + ":" + d.range().column(), () -> d.render());
        assertTrue(d.render().contains("cluster.yml:" + c.line() + ":" + c.column()), d::render);
        assertFalse(d.render().contains("s3cret"), d::render);
    }

    @Test
    void reportsEveryErrorInOneRound() {
        String yaml = """
                name: Bad_Name
                ssh: {port: 0}
                groups:
                  worker:
                    count: many
                    markt: spot
                steps:
                  - shell: echo {{ undefined_var }}
                    groups: [nobody]
                """;
        List<Diagnostic> errors = Fixtures.errors(Fixtures.write(dir, yaml));
        List<String> lines = errors.stream().map(d -> d.range().line() + ":" + d.range().column()).toList();
        assertEquals(List.of("1:7", "2:13", "6:5", "5:12", "9:14", "8:12"), lines, () -> errors.toString());
    }

    /** A user data file over 16 KB is refused where its path is written, and its text is never shown. */
    @Test
    void userDataFileTooLargeIsReportedAtItsPath() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("init.sh"), "#!/bin/sh\necho s3cret\n" + "#".repeat(16384));
        Diagnostic d = Fixtures.errorContaining(Fixtures.errors(Fixtures.write(dir,
                "name: x\ngroups:\n  w:\n    count: 1\n    user_data: {file: init.sh}\n")), "EC2 takes at most 16384");
        assertEquals("5:23", d.range().line() + ":" + d.range().column(), d::render);
        assertTrue(d.render().contains(dir.resolve("init.sh") + " has 16406 bytes"), d::render);
        assertFalse(d.render().contains("s3cret"), d::render);
    }

    @Test
    void emptyFileIsAnError() {
        Fixtures.errorContaining(Fixtures.errors(Fixtures.write(dir, "# only a comment\n")), "Empty playbook");
    }
}
