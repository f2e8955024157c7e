package dev.spotplay.provider.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.module.ModuleCatalog;
import dev.spotplay.playbook.Group;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.PlaybookLoader;
import dev.spotplay.provider.LaunchRequest;
import dev.spotplay.provider.NodeName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tenancy;

/**
 * What a group's user data, instance profile and tenancy become in the RunInstances request
 * (base64 user data, profile by name or ARN, Placement.Tenancy) and in its launch settings
 * (the user data's SHA-256, never its text). moto's view of the same launch: AwsLaunchExtrasTest.
 */
class LaunchSpecsTest {
    @TempDir Path dir;

    private Playbook load(String groups) throws Exception {
        Path file = Files.writeString(dir.resolve("cluster.yml"),
                "name: ls\nprovider: {type: aws, region: us-east-1}\ngroups:\n" + groups);
        return PlaybookLoader.load(file, new ModuleCatalog(List.of(new ShellStub()))).playbook();
    }

    /** The shell module's name and shape, for the step spotplay adds to a group with autostop (never run here). */
    static final class ShellStub implements dev.spotplay.module.StepModule {
        @Override public String name() { return "shell"; }

        @Override public java.util.Set<String> options() { return java.util.Set.of("creates", "unless", "chdir", "env"); }

        @Override public List<ArgProblem> validate(Map<String, Object> args) { return List.of(); }

        @Override public dev.spotplay.module.StepResult run(dev.spotplay.module.StepContext ctx) { throw new UnsupportedOperationException(); }
    }

    private static RunInstancesRequest request(Group g) {
        LaunchSpecs specs = new LaunchSpecs(null, "ls", () -> "spotplay-ls", () -> "sg-0123456789abcdef0");
        Pools.Pool pool = new Pools.Pool("t3.small", new Subnets.Subnet("subnet-0123456789abcdef0", "us-east-1a", "vpc-1", "10.0.0.0/24"), null);
        return specs.request(new LaunchRequest(g, List.of(NodeName.of(g.name(), 1)), "apply-1"), pool, List.of(NodeName.of(g.name(), 1)), 1, "tok");
    }

    @Test
    void userDataFromAFileIsSentAsBase64AndRecordedAsItsHash() throws Exception {
        String script = "#!/bin/sh\necho token=s3cret > /etc/app\n";
        Files.writeString(dir.resolve("init.sh"), script);
        Playbook pb = load("  w:\n    count: 1\n    instance_type: t3.small\n    image: ami-1\n    user_data: {file: init.sh}\n"
                + "    iam_instance_profile: arn:aws:iam::123456789012:instance-profile/team/ml-node\n    tenancy: dedicated\n");
        Group g = pb.group("w").orElseThrow();
        RunInstancesRequest r = request(g);
        assertEquals(script, new String(Base64.getDecoder().decode(r.userData()), StandardCharsets.UTF_8));
        assertEquals("arn:aws:iam::123456789012:instance-profile/team/ml-node", r.iamInstanceProfile().arn());
        assertNull(r.iamInstanceProfile().name());
        assertEquals(Tenancy.DEDICATED, r.placement().tenancy());

        Map<String, String> settings = new AwsProvider(pb, dir).launchSettings(g);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8)));
        assertEquals("sha256:" + sha, settings.get("user_data"));
        assertEquals("arn:aws:iam::123456789012:instance-profile/team/ml-node", settings.get("iam_instance_profile"));
        assertEquals("dedicated", settings.get("tenancy"));
        assertFalse(settings.toString().contains("s3cret"), settings.toString());
        assertFalse(g.settings().toString().contains("s3cret"), "the group's settings never show the text: " + g.settings());
        assertEquals(List.of(dir.resolve("init.sh").toAbsolutePath()), new AwsProviderFactory().inputs(pb),
                "the file is an input of a saved plan");
    }

    @Test
    void withoutThemTheRequestHasNoneAndTheSettingsSaySo() throws Exception {
        Playbook pb = load("  w:\n    count: 1\n    instance_type: t3.small\n    image: ami-1\n    iam_instance_profile: ml-node\n");
        Group g = pb.group("w").orElseThrow();
        RunInstancesRequest r = request(g);
        assertNull(r.userData());
        assertEquals("ml-node", r.iamInstanceProfile().name());
        assertNull(r.placement(), "default tenancy: no Placement at all");
        Map<String, String> settings = new AwsProvider(pb, dir).launchSettings(g);
        assertEquals("none", settings.get("user_data"));
        assertEquals("default", settings.get("tenancy"));
    }

    @Test
    void anInlineScriptAndTheSameFileHashAlikeAndAChangeChangesTheHash() throws Exception {
        Files.writeString(dir.resolve("init.sh"), "echo hi\n");
        Group file = load("  w:\n    count: 1\n    instance_type: t3.small\n    image: ami-1\n    user_data: {file: init.sh}\n").group("w").orElseThrow();
        Group inline = load("  w:\n    count: 1\n    instance_type: t3.small\n    image: ami-1\n    user_data: \"echo hi\\n\"\n").group("w").orElseThrow();
        Group other = load("  w:\n    count: 1\n    instance_type: t3.small\n    image: ami-1\n    user_data: \"echo ho\\n\"\n").group("w").orElseThrow();
        Playbook any = load("  w:\n    count: 1\n    instance_type: t3.small\n    image: ami-1\n");
        AwsProvider p = new AwsProvider(any, dir);
        assertEquals(p.launchSettings(file).get("user_data"), p.launchSettings(inline).get("user_data"));
        assertTrue(!p.launchSettings(other).get("user_data").equals(p.launchSettings(inline).get("user_data")));
    }

    @Test
    void autostopTerminateSetsTheShutdownBehaviourAtLaunch() throws Exception {
        Playbook pb = load("  t:\n    count: 1\n    market: on-demand\n    instance_type: t3.small\n    image: ami-1\n"
                + "    autostop: {idle: 1h, action: terminate}\n"
                + "  s:\n    count: 1\n    market: on-demand\n    instance_type: t3.small\n    image: ami-1\n    autostop: {idle: 1h}\n"
                + "  n:\n    count: 1\n    instance_type: t3.small\n    image: ami-1\n");
        assertEquals(software.amazon.awssdk.services.ec2.model.ShutdownBehavior.TERMINATE,
                request(pb.group("t").orElseThrow()).instanceInitiatedShutdownBehavior());
        assertNull(request(pb.group("s").orElseThrow()).instanceInitiatedShutdownBehavior(), "stop is EC2's default: not sent");
        assertNull(request(pb.group("n").orElseThrow()).instanceInitiatedShutdownBehavior());
        AwsProvider provider = new AwsProvider(pb, dir);
        assertEquals("terminate", provider.launchSettings(pb.group("t").orElseThrow()).get(AwsProvider.SHUTDOWN_BEHAVIOR));
        assertEquals("stop", provider.launchSettings(pb.group("s").orElseThrow()).get(AwsProvider.SHUTDOWN_BEHAVIOR));
        assertEquals("terminate", provider.launchSettings(pb.group("n").orElseThrow()).get(AwsProvider.SHUTDOWN_BEHAVIOR),
                "a one-time spot instance that shuts down is terminated");
    }
}
