package dev.spotplay.provider.aws;

import dev.spotplay.playbook.Group;
import dev.spotplay.provider.LaunchRequest;
import dev.spotplay.provider.NodeName;
import dev.spotplay.provider.NodeProvider.LaunchSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;

/**
 * Launches one group's nodes with one RunInstances call per attempt (never one per node).
 *
 * <p>First, all of them in one pool (type × zone), trying the pools best first: a cluster of
 * one type in one zone is what people expect. If no pool has room for all, what each pool has
 * is taken ({@code MinCount=1}), in rounds with growing, jittered pauses, until every name is
 * launched or the rounds are spent; the caller then decides whether {@code min_count} is met.
 * Every call carries a ClientToken derived from the cluster, group, apply, names, pool and
 * attempt, handed to the sink (and so recorded in state) before the call. With
 * {@code spot_api: spot-requests} a spot group's attempt is one RequestSpotInstances instead
 * ({@link SpotRequests}), in the same pools and rounds, all within start_timeout.
 */
final class Launcher {
    static final int PARTIAL_ROUNDS = 3;
    static final long ROUND_PAUSE_MS = 1_000;

    /** What one attempt started: name → instance. */
    /** A launched instance, and the pool (type, subnet, zone) it was launched in. */
    record Started(NodeName name, String instanceId, String privateIp, Pools.Pool pool) {

        /** The settings chosen for it among those its group allows, as the node records them. */
        Map<String, String> chosen() {
            return pool == null ? Map.of() : Map.of(AwsProvider.INSTANCE_TYPE, pool.type(),
                    AwsProvider.SUBNET, pool.subnet().id() + " (" + pool.subnet().cidr() + ")",
                    AwsProvider.ZONES, pool.subnet().zone());
        }
    }

    /** The outcome of a group's launch: what started, and why the rest did not. */
    record Outcome(List<Started> started, Map<NodeName, String> failed) {}

    private final Ec2Client ec2;
    private final String cluster;
    private final Pools pools;
    private final LaunchSpecs specs;
    /** The classic spot API for spot groups, or null: RunInstances with spot options. */
    private final SpotRequests spotRequests;

    Launcher(Ec2Client ec2, String cluster, Pools pools, LaunchSpecs specs, SpotRequests spotRequests) {
        this.ec2 = ec2;
        this.cluster = cluster;
        this.pools = pools;
        this.specs = specs;
        this.spotRequests = spotRequests;
    }

    /**
     * @param timeout start_timeout: with spot requests, how long the whole launch may wait for
     *                fulfilment; what is still open then is cancelled and reported
     */
    Outcome launch(LaunchRequest req, LaunchSink sink, java.time.Duration timeout) throws IOException {
        Group g = req.group();
        boolean classic = spotRequests != null && new AwsGroup(g).isSpot();
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<NodeName, String> reasons = new LinkedHashMap<>();
        List<Pools.Pool> candidates = pools.of(g);
        List<NodeName> remaining = new ArrayList<>(req.names());
        List<Started> started = new ArrayList<>();
        String problem = null;
        int attempt = 0;
        for (int round = 0; round <= PARTIAL_ROUNDS && !remaining.isEmpty(); round++) {
            if (round > 0) {
                long pause = ROUND_PAUSE_MS << (round - 1);
                Poller.sleep(ThreadLocalRandom.current().nextLong(pause / 2, pause + 1), "capacity is retried");
            }
            for (Pools.Pool pool : candidates) {
                if (remaining.isEmpty()) {
                    break;
                }
                attempt++;
                int min = round == 0 ? remaining.size() : 1;
                try {
                    if (classic) {
                        String token = token(cluster, g.name(), req.applyId(), remaining, pool, attempt);
                        sink.launching(List.copyOf(remaining), token);
                        SpotRequests.Outcome o = spotRequests.launch(req, pool, List.copyOf(remaining), token, deadline, timeout);
                        started.addAll(o.started());
                        o.started().forEach(s -> remaining.remove(s.name()));
                        reasons.putAll(o.unfulfilled());
                        if (!o.unfulfilled().isEmpty()) {
                            problem = o.unfulfilled().values().iterator().next() + " (last tried " + pool + ")";
                        }
                        if (System.nanoTime() > deadline) {
                            return new Outcome(started, failEach(remaining, reasons));
                        }
                        continue;
                    }
                    List<Started> got = call(req, pool, remaining, min, attempt, sink);
                    started.addAll(got);
                    got.forEach(s -> remaining.remove(s.name()));
                } catch (AwsServiceException e) {
                    if (!ApiErrors.capacity(e)) {
                        return new Outcome(started, failAll(remaining, ApiErrors.describe(e)));
                    }
                    problem = "no capacity: " + ApiErrors.describe(e) + " (last tried " + pool + ")";
                } catch (SdkException e) {
                    return new Outcome(started, failAll(remaining, ApiErrors.describe(e)));
                }
            }
        }
        String why = problem == null ? "not launched" : problem;
        return new Outcome(started, failAll(remaining, why + "; tried " + candidates.size() + " pool(s) in "
                + (PARTIAL_ROUNDS + 1) + " rounds"));
    }

    /** Each name with its own last reason. */
    private static Map<NodeName, String> failEach(List<NodeName> names, Map<NodeName, String> reasons) {
        Map<NodeName, String> out = new LinkedHashMap<>();
        names.forEach(n -> out.put(n, reasons.getOrDefault(n, "not launched")));
        return out;
    }

    private static Map<NodeName, String> failAll(List<NodeName> names, String why) {
        Map<NodeName, String> out = new LinkedHashMap<>();
        names.forEach(n -> out.put(n, why));
        return out;
    }

    private List<Started> call(LaunchRequest req, Pools.Pool pool, List<NodeName> names, int min, int attempt, LaunchSink sink) {
        String token = token(cluster, req.group().name(), req.applyId(), names, pool, attempt);
        sink.launching(List.copyOf(names), token);
        RunInstancesRequest run = specs.request(req, pool, names, min, token);
        List<Started> out = new ArrayList<>();
        for (Instance i : ec2.runInstances(run).instances()) {
            Integer k = i.amiLaunchIndex();
            if (k != null && k >= 0 && k < names.size()) {
                out.add(new Started(names.get(k), i.instanceId(), i.privateIpAddress(), pool));
            }
        }
        return out;
    }

    /**
     * A ClientToken: at most 64 ASCII characters, the same for the same call (so the SDK's
     * retries of it are idempotent on EC2), different for any other call.
     */
    static String token(String cluster, String group, String applyId, List<NodeName> names, Pools.Pool pool, int attempt) {
        String basis = String.join("|", cluster, group, applyId, names.toString(), pool.type(), pool.subnet().id(),
                Integer.toString(attempt));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(basis.getBytes(StandardCharsets.UTF_8));
            return "spotplay-" + HexFormat.of().formatHex(digest).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
