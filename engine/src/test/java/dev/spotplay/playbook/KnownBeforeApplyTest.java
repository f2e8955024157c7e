package dev.spotplay.playbook;

import dev.spotplay.diag.Durations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mistakes that used to pass validate and fail only at apply (or never), each beside the
 * FILE:LINE:COLUMN error it must now produce. {@code files} are written beside the playbook first.
 */
class KnownBeforeApplyTest {
    @TempDir Path dir;

    record Case(String name, Map<String, String> files, String yaml, String expected, int line, int column) {
        @Override public String toString() { return name; }
    }

    static final String G = "groups:\n  worker:\n    count: 2\n";
    static final String AWS_G = "groups:\n  worker: {count: 2, instance_type: t3.small, image: ami-0123456789abcdef0}\n";
    static final Map<String, String> KEY = Map.of("keys/id", "private\n");
    static final Map<String, String> KEY_AND_PUB = Map.of("keys/id", "private\n", "keys/id.pub", "ssh-ed25519 AAAA\n");

    static Stream<Case> cases() {
        return Stream.of(
            // CIDR-like keys beside allow_from, and the ids aws takes.
            new Case("subnet with a bad prefix", Map.of(), "name: x\nprovider:\n  type: aws\n  subnet: [10.0.2.0/33]\n" + AWS_G,
                    "the prefix length must be a number from 0 to 32", 4, 12),
            new Case("subnet with host bits", Map.of(), "name: x\nprovider:\n  type: aws\n  subnet:\n    - subnet-0abc1234\n    - 10.0.2.7/24\n" + AWS_G,
                    "the block is 10.0.2.0/24", 6, 7),
            new Case("subnet neither id nor block", Map.of(), "name: x\nprovider: {type: aws, subnet: default}\n" + AWS_G,
                    "takes subnet ids (subnet-0abc...) or CIDR blocks", 2, 31),
            new Case("security group not an id", Map.of(), "name: x\nprovider: {type: aws, security_group: web}\n" + AWS_G,
                    "takes the id of an existing security group, such as sg-0123456789abcdef0", 2, 39),
            new Case("zone outside the region", Map.of(), "name: x\nprovider:\n  type: aws\n  region: eu-west-1\n  availability_zones: [eu-west-1a, us-east-1a]\n" + AWS_G,
                    "Zone \"us-east-1a\" is not in region eu-west-1", 5, 36),
            // Local files the playbook names.
            new Case("private key missing", Map.of(), "name: x\nssh:\n  private_key: keys/nope\n" + G,
                    "names " + "%DIR%/keys/nope, which does not exist", 3, 16),
            new Case("public key missing on local", KEY, "name: x\nssh:\n  private_key: keys/id\n" + G,
                    "%DIR%/keys/id.pub, which does not exist. Make it with: ssh-keygen -y -f", 3, 16),
            new Case("public key missing on aws without key_pair", KEY, "name: x\nprovider: {type: aws}\nssh:\n  private_key: keys/id\n" + AWS_G,
                    "spotplay imports the key's public half", 4, 16),
            // Settings that contradict each other.
            new Case("key_pair without its key", Map.of(), "name: x\nprovider: {type: aws, key_pair: team}\n" + AWS_G,
                    "Set ssh.private_key to the private key of team", 2, 33),
            new Case("allow_from with an existing security group", Map.of(),
                    "name: x\nprovider: {type: aws, security_group: sg-0123456789abcdef0}\nssh:\n  allow_from: [203.0.113.7/32]\n" + AWS_G,
                    "spotplay uses an existing security group as it is", 4, 15),
            new Case("min_count above count says the range", Map.of(), "name: x\ngroups:\n  w:\n    count: 2\n    min_count: 3\n",
                    "the fewest nodes that still count as success, from 0 to 2", 5, 16),
            new Case("two storages on one folder", Map.of(),
                    "name: x\nprovider: {type: aws}\n" + AWS_G + "storage:\n  a: {mount: /mnt/shared}\n  b: {mount: /mnt/shared/}\n",
                    "where storage \"a\" is mounted already", 7, 14),
            new Case("storage on the root folder", Map.of(), "name: x\nprovider: {type: aws}\n" + AWS_G + "storage:\n  a: {mount: /}\n",
                    "not the root folder", 6, 14),
            new Case("storage mount with a space", Map.of(), "name: x\nprovider: {type: aws}\n" + AWS_G + "storage:\n  a: {mount: /mnt/my data}\n",
                    "without spaces or control characters (it is a field of an fstab line)", 6, 14),
            new Case("step named like the storage step", Map.of(),
                    "name: x\nprovider: {type: aws}\n" + AWS_G + "storage:\n  a: {mount: /mnt/a}\nsteps:\n  - name: mount a\n    shell: echo\n",
                    "is the step spotplay adds to mount storage \"a\"", 8, 5),
            new Case("volume below its type's minimum", Map.of(), "name: x\ngroups:\n  w:\n    count: 1\n    volume: {size_gb: 10, type: st1}\n",
                    "from 125 to 16384, not 10", 5, 23),
            new Case("tag reserved by aws", Map.of(), "name: x\ngroups:\n  w:\n    count: 1\n    tags: {\"aws:team\": x}\n",
                    "reserved by AWS", 5, 12),
            // Messages that suggested values refused in turn.
            new Case("step timeout 0 suggests a valid duration", Map.of(), "name: x\n" + G + "steps:\n  - shell: echo\n    timeout: 0\n",
                    "has no unit; add one, e.g. \"30s\" or \"10m\" (a duration is longer than zero)", 7, 14),
            new Case("decimal timeout suggests whole units", Map.of(), "name: x\nssh: {step_timeout: 1.5}\n" + G,
                    "e.g. \"1500ms\" (a duration is a whole number of a unit)", 2, 21));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusesItWhereItIsWritten(Case c) throws IOException {
        for (var f : c.files().entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        String expected = c.expected().replace("%DIR%", dir.toString());
        Diagnostic d = Fixtures.errorContaining(Fixtures.errors(Fixtures.write(dir, c.yaml())), expected);
        assertEquals(c.line() + ":" + c.column(), d.range().line() + ":" + d.range().column(), d::render);
        assertTrue(d.render().contains("cluster.yml:" + c.line() + ":" + c.column()), d::render);
    }

    @Test
    void whatIsRightStillLoads() throws IOException {
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/id"), "private\n");
        String yaml = "name: x\nprovider:\n  type: aws\n  region: eu-west-1\n  availability_zones: [eu-west-1a]\n"
                + "  subnet: [subnet-0abc1234, 10.0.2.0/24, \"2001:db8::/56\"]\n  key_pair: team\n"
                + "ssh: {private_key: keys/id, connect_timeout: 10s, start_timeout: 10s}\n" + AWS_G
                + "storage:\n  a: {mount: /mnt/a}\n  b: {mount: /mnt/b}\n";
        Playbook p = Fixtures.load(dir, yaml).playbook();
        assertEquals(List.of("subnet-0abc1234", "10.0.2.0/24", "2001:db8::/56"), p.provider().settings().get("subnet"));
    }

    @Test
    void allowFromOutsideAwsIsAWarningNotSilence() {
        PlaybookLoader.Loaded loaded = Fixtures.load(dir, "name: x\nssh:\n  allow_from: [203.0.113.7/32]\n" + G);
        Diagnostic w = loaded.warnings().stream().filter(d -> d.summary().equals("Setting ignored")).findFirst().orElseThrow();
        assertEquals("3:3", w.range().line() + ":" + w.range().column(), w::render);
        assertTrue(w.detail().contains("the local provider has none and ignores it"), w::render);
    }

    @Test
    void durationSuggestionsAreThemselvesValid() {
        for (String bare : List.of("0", "30", "1.5", "0.0001", "2.0")) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Durations.parse(bare));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]+)\"").matcher(e.getMessage());
            assertTrue(m.find(), e.getMessage()); // the input itself
            int suggestions = 0;
            while (m.find()) {
                assertFalse(Durations.parse(m.group(1)).isZero(), bare + " suggests " + m.group(1) + ": " + e.getMessage());
                suggestions++;
            }
            assertTrue(suggestions > 0, e.getMessage());
        }
    }
}
