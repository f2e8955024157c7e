package dev.spotplay.provider.aws;

import dev.spotplay.testing.Scripts;
import dev.spotplay.testing.Tier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.efs.EfsClient;

/**
 * moto in server mode on 127.0.0.1, one per test JVM: the one {@code ./test.sh} started
 * ({@code SPOTPLAY_TEST_MOTO_DIR}), else one started here with {@code scripts/moto-fixture.sh}.
 * Tests reset it, make the loopback VPC, and look at what it holds with an SDK client that
 * talks to moto directly (never through the tests' fault proxy).
 */
public final class Moto {
    public static final String REGION = "us-east-1";
    private static Moto instance;

    private final URI url;
    private final Ec2Client ec2;
    private final EfsClient efs;

    /** The loopback network: subnets whose instances get 127.0.1.x and 127.0.2.x addresses. */
    public record Network(String vpcId, String subnetA, String subnetB) {}

    private Moto(URI url) {
        this.url = url;
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        this.ec2 = Ec2Client.builder().endpointOverride(url).region(Region.of(REGION)).credentialsProvider(creds)
                .httpClient(UrlConnectionHttpClient.create()).build();
        this.efs = EfsClient.builder().endpointOverride(url).region(Region.of(REGION)).credentialsProvider(creds)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    public static synchronized Moto get() {
        Tier.requireIntegration("moto");
        if (instance == null) {
            try {
                instance = new Moto(start());
            } catch (IOException e) {
                throw new IllegalStateException("cannot start moto: " + e.getMessage(), e);
            }
        }
        // Credentials for spotplay running in this JVM (its guarded chain reads system properties).
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        System.setProperty("spotplay.loopbackOnly", "true");
        return instance;
    }

    private static URI start() throws IOException {
        String shared = System.getenv("SPOTPLAY_TEST_MOTO_DIR");
        Path dir = shared != null && !shared.isBlank() ? Path.of(shared) : Files.createTempDirectory("spotplay-moto-");
        if (!Files.exists(dir.resolve("moto.env"))) {
            Scripts.run("moto-fixture.sh", "start", dir.toString());
            if (shared == null || shared.isBlank()) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Scripts.run("moto-fixture.sh", "stop", dir.toString());
                    } catch (IOException ignored) {
                        // exiting anyway
                    }
                }));
            }
        }
        String line = Files.readAllLines(dir.resolve("moto.env")).stream().filter(l -> l.startsWith("MOTO_URL="))
                .findFirst().orElseThrow();
        return URI.create(line.substring("MOTO_URL=".length()).strip());
    }

    public URI url() {
        return url;
    }

    public Ec2Client ec2() {
        return ec2;
    }

    public EfsClient efs() {
        return efs;
    }

    /** Forgets everything moto holds. */
    public void reset() throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.resolve("/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("moto reset answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** Resets moto and makes VPC 127.0.0.0/16 with subnets 127.0.1.0/24 (us-east-1a) and 127.0.2.0/24 (us-east-1b). */
    public Network freshNetwork() throws IOException, InterruptedException {
        reset();
        String vpc = ec2.createVpc(b -> b.cidrBlock("127.0.0.0/16")).vpc().vpcId();
        String a = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("127.0.1.0/24").availabilityZone(REGION + "a")).subnet().subnetId();
        String b2 = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("127.0.2.0/24").availabilityZone(REGION + "b")).subnet().subnetId();
        return new Network(vpc, a, b2);
    }

    /** The cluster's instances that are pending or running. */
    public List<Instance> live(String cluster) {
        List<Instance> out = new ArrayList<>();
        ec2.describeInstancesPaginator(b -> b.filters(Filter.builder().name("tag:" + Tags.CLUSTER).values(cluster).build(),
                Filter.builder().name("instance-state-name").values("pending", "running").build()))
                .reservations().forEach(r -> out.addAll(r.instances()));
        return out;
    }

    /** Each live instance's node name (as spotplay's tags say), for counting and duplicate checks. */
    public List<String> liveNames(String cluster) {
        return live(cluster).stream().map(i -> Instances.read(i).name()).sorted().toList();
    }

    /** An AMI moto knows. */
    public String image() {
        return ec2.describeImages(b -> b.owners("amazon")).images().stream().filter(i -> "/dev/xvda".equals(i.rootDeviceName())
                || i.rootDeviceName() != null).findFirst().orElseThrow().imageId();
    }
}
