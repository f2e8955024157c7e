package dev.spotplay.provider.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.Integration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;

/**
 * A group with user data (from a file), an IAM instance profile and dedicated tenancy, launched
 * on moto: moto keeps the user data (DescribeInstanceAttribute shows it) and the profile; the
 * state, the plan file and the output hold only the user data's hash; a changed script
 * replaces the nodes, with the hashes before and after in the plan.
 */
@Integration
class AwsLaunchExtrasTest {
    static final String SECRET = "token=s3cret-user-data";

    @TempDir Path dir;

    @Test
    void userDataProfileAndTenancyReachTheInstancesAndOnlyTheHashIsKept() throws Exception {
        MotoCluster c = new MotoCluster(dir, "extras");
        c.withSteps = false;
        String arn = createInstanceProfile(c.moto.url(), "ml-node");
        String script = "#!/bin/sh\necho " + SECRET + " > /etc/app.conf\n";
        Files.writeString(dir.resolve("init.sh"), script);
        Path pb = c.playbook(c.moto.url(), 1, 1, List.of(c.net.subnetA()),
                "user_data: {file: init.sh}\n    iam_instance_profile: ml-node\n    tenancy: dedicated");
        MotoCluster.Result apply = c.run("apply", pb.toString(), "--yes");
        assertEquals(0, apply.code(), apply.both());
        assertFalse(apply.both().contains(SECRET), apply.both());

        Instance worker = worker(c);
        String sent = c.moto.ec2().describeInstanceAttribute(b -> b.instanceId(worker.instanceId())
                .attribute(InstanceAttributeName.USER_DATA)).userData().value();
        assertEquals(script, new String(Base64.getDecoder().decode(sent), StandardCharsets.UTF_8), "sent base64, kept by moto");
        assertEquals(arn, worker.iamInstanceProfile().arn());
        // moto 5.2.3 ignores Placement.Tenancy and reports every instance as default; the request's
        // tenancy is checked in LaunchSpecsTest, and here only what moto shows.
        assertEquals("default", worker.placement().tenancyAsString());
        Instance head = c.moto.live(c.name).stream().filter(i -> "head".equals(Instances.read(i).group())).findFirst().orElseThrow();
        assertEquals(null, head.iamInstanceProfile(), "the head group has none");

        assertEquals(0, c.run("plan", pb.toString(), "--detailed-exitcode").code(), "as launched: nothing to do");
        Path saved = dir.resolve("extras.plan");

        // A changed script: the worker is replaced, the plan shows hashes, never the text.
        Files.writeString(dir.resolve("init.sh"), script + "echo " + SECRET + "-2\n");
        MotoCluster.Result plan = c.run("plan", pb.toString(), "--out", saved.toString());
        assertTrue(plan.out().contains("-/+ node worker.worker001  (launch settings changed)"), plan.both());
        assertTrue(plan.out().matches("(?s).*user_data: sha256:[0-9a-f]{64} -> sha256:[0-9a-f]{64}.*"), plan.out());
        assertTrue(!plan.out().contains("head.head001"), plan.out());
        MotoCluster.Result json = c.run("plan", pb.toString(), "--json");
        assertTrue(json.out().contains("\"name\":\"user_data\""), json.out());
        assertFalse(plan.both().contains(SECRET) || json.both().contains(SECRET), plan.both() + json.both());
        // The saved plan depends on the script: changed since, the plan is refused and nothing launches.
        Files.writeString(dir.resolve("init.sh"), script + "echo " + SECRET + "-3\n");
        MotoCluster.Result stale = c.run("apply", saved.toString(), "--yes");
        assertNotEquals(0, stale.code(), stale.both());
        assertTrue(stale.both().contains("init.sh"), stale.both());
        assertEquals(worker.instanceId(), worker(c).instanceId(), "nothing replaced by a stale plan");
        apply = c.run("apply", pb.toString(), "--yes");
        assertEquals(0, apply.code(), apply.both());
        assertNotEquals(worker.instanceId(), worker(c).instanceId(), "a new machine");
        assertEquals(List.of("head001", "worker001"), c.liveNames());
        assertEquals(0, c.run("plan", pb.toString(), "--detailed-exitcode").code(), "replaced as asked");

        // Nothing spotplay wrote (state, plan file, keys) holds the user data's text.
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("init.sh")).toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains("s3cret"), "user data text in " + f);
                assertFalse(bytes.contains(Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8)).substring(0, 24)),
                        "user data (base64) in " + f);
            }
        }
        assertTrue(Files.exists(saved), "the plan file was written, and checked above");
        assertEquals(0, c.run("destroy", pb.toString(), "--yes").code());
    }

    private static Instance worker(MotoCluster c) {
        return c.moto.live(c.name).stream().filter(i -> "worker".equals(Instances.read(i).group())).findFirst().orElseThrow();
    }

    /**
     * An instance profile in moto's IAM (same port as EC2; moto does not check signatures, and
     * the engine has no IAM client), by the query API; returns its ARN.
     */
    static String createInstanceProfile(URI moto, String name) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(moto.resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, "
                        + "SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString("Action=CreateInstanceProfile&Version=2010-05-08&InstanceProfileName=" + name))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        int at = r.body().indexOf("<Arn>");
        return r.body().substring(at + 5, r.body().indexOf("</Arn>", at));
    }
}
