package dev.spotplay.provider.aws;

import dev.spotplay.diag.Durations;
import dev.spotplay.provider.LaunchRequest;
import dev.spotplay.provider.NodeName;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.SpotInstanceRequest;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The classic spot API ({@code provider.spot_api: spot-requests}), for EC2-compatible clouds
 * that lack RunInstances' spot options: one RequestSpotInstances per group per attempt, then
 * one DescribeSpotInstanceRequests per round (by the batch's tag) until each request is
 * fulfilled, has failed, or the deadline (start_timeout) passes; what is still open then is
 * cancelled and reported, and an instance a cancelled request got anyway is terminated. A
 * fulfilled request's instance gets the node's tags (one CreateTags per node, as a batch launch
 * names its nodes), after which it is an instance like any other, for the same Waiter.
 *
 * <p>Requests carry the cluster's tags, so what a crash leaves (an open request, an instance
 * fulfilled but not yet tagged) is found again: {@link #sweep} cancels such requests and hands
 * their untagged instances to termination (on destroy, and before a group launches again).
 * A request the response did not list (a lost response retried on an EC2 that ignores the
 * ClientToken, as moto does) is cancelled and its instance terminated at once.
 */
final class SpotRequests {
    /** Status codes of an open request that will not be fulfilled in this pool soon: give up on it now. */
    static final Set<String> HOPELESS = Set.of("capacity-not-available", "capacity-oversubscribed", "price-too-low",
            "bad-parameters", "constraint-not-fulfillable", "launch-group-constraint", "az-group-constraint",
            "placement-group-constraint", "system-error");

    /** What one attempt fulfilled, and why each of the other names was not. */
    record Outcome(List<Launcher.Started> started, Map<NodeName, String> unfulfilled) {}

    private final Ec2Client ec2;
    private final String cluster;
    private final LaunchSpecs specs;
    private int describes;

    SpotRequests(Ec2Client ec2, String cluster, LaunchSpecs specs) {
        this.ec2 = ec2;
        this.cluster = cluster;
        this.specs = specs;
    }

    /** One attempt: request {@code names.size()} one-time spot instances in {@code pool}, wait until {@code deadline} (System.nanoTime). */
    Outcome launch(LaunchRequest req, Pools.Pool pool, List<NodeName> names, String token, long deadline, Duration timeout)
            throws IOException {
        List<String> ids = new ArrayList<>();
        for (SpotInstanceRequest r : ec2.requestSpotInstances(specs.spotRequest(req, pool, names, token)).spotInstanceRequests()) {
            ids.add(r.spotInstanceRequestId());
        }
        Map<String, NodeName> nameOf = new LinkedHashMap<>();
        for (int k = 0; k < ids.size() && k < names.size(); k++) {
            nameOf.put(ids.get(k), names.get(k));
        }
        Map<String, String> fulfilled = new LinkedHashMap<>(); // request -> instance
        Map<NodeName, String> unfulfilled = new LinkedHashMap<>();
        Map<String, String> lastStatus = new HashMap<>();
        Map<String, String> instanceOf = new HashMap<>(); // request -> instance, as last seen, fulfilled or not
        Set<String> pending = new LinkedHashSet<>(nameOf.keySet());
        long sleep = Poller.FIRST.toMillis();
        while (true) {
            List<SpotInstanceRequest> seen = describe(Filter.builder().name("tag:" + Tags.BATCH).values(token).build());
            List<String> strayRequests = new ArrayList<>();
            List<String> strayInstances = new ArrayList<>();
            for (SpotInstanceRequest r : seen) {
                String id = r.spotInstanceRequestId();
                if (!nameOf.containsKey(id)) {
                    if (isOpenOrActive(r)) { // made by a retried call whose first answer was lost: not ours to keep
                        strayRequests.add(id);
                        if (r.instanceId() != null) {
                            strayInstances.add(r.instanceId());
                        }
                    }
                    continue;
                }
                if (!pending.contains(id)) {
                    continue;
                }
                if (r.instanceId() != null) {
                    instanceOf.put(id, r.instanceId());
                }
                String code = r.status() == null ? null : r.status().code();
                lastStatus.put(id, r.stateAsString() + (code == null ? "" : ", " + code));
                if ("active".equals(r.stateAsString()) && r.instanceId() != null) {
                    fulfilled.put(id, r.instanceId());
                    pending.remove(id);
                } else if ("open".equals(r.stateAsString()) && code != null && HOPELESS.contains(code)) {
                    pending.remove(id);
                    unfulfilled.put(nameOf.get(id), "spot request " + id + " not fulfilled (" + code + "); cancelled");
                } else if (!"open".equals(r.stateAsString()) && !"active".equals(r.stateAsString())) {
                    pending.remove(id);
                    unfulfilled.put(nameOf.get(id), "spot request " + id + " is " + lastStatus.get(id)
                            + (r.status() != null && r.status().message() != null ? ": " + r.status().message() : ""));
                }
            }
            cancelAndTerminate(strayRequests, strayInstances);
            if (pending.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Poller.sleep(Math.max(1, Math.min(sleep, (deadline - System.nanoTime()) / 1_000_000)), "spot requests are fulfilled");
            sleep = Math.min(Poller.MAX.toMillis(), sleep * 2);
        }
        for (String id : pending) {
            unfulfilled.put(nameOf.get(id), "spot request " + id + " still open after " + Durations.format(timeout)
                    + " (start_timeout; last " + lastStatus.getOrDefault(id, "not yet visible") + "); cancelled");
        }
        // Cancel what will not be used; one of them may have been fulfilled at the last moment: its instance goes too.
        List<String> giveUp = new ArrayList<>(pending);
        nameOf.forEach((id, n) -> {
            if (unfulfilled.containsKey(n) && !giveUp.contains(id) && !fulfilled.containsKey(id)) {
                giveUp.add(id);
            }
        });
        cancelLeavingNoInstance(giveUp, token, instanceOf);
        List<Launcher.Started> started = tagFulfilled(req, pool, nameOf, fulfilled, token);
        for (var e : nameOf.entrySet()) {
            if (!fulfilled.containsKey(e.getKey()) && !unfulfilled.containsKey(e.getValue())) {
                unfulfilled.put(e.getValue(), "spot request " + e.getKey() + " not fulfilled");
            }
        }
        for (int k = ids.size(); k < names.size(); k++) {
            unfulfilled.put(names.get(k), "EC2 answered fewer spot requests than asked");
        }
        return new Outcome(started, unfulfilled);
    }

    /** Each fulfilled instance (and its volumes) gets its node's tags: it was born without any. */
    private List<Launcher.Started> tagFulfilled(LaunchRequest req, Pools.Pool pool, Map<String, NodeName> nameOf, Map<String, String> fulfilled,
                                                String token) {
        List<Launcher.Started> out = new ArrayList<>();
        if (fulfilled.isEmpty()) {
            return out;
        }
        Map<String, Instance> byId = new HashMap<>();
        for (var page : ec2.describeInstancesPaginator(b -> b.instanceIds(List.copyOf(fulfilled.values())))) {
            for (Reservation r : page.reservations()) {
                r.instances().forEach(i -> byId.put(i.instanceId(), i));
            }
        }
        for (var e : fulfilled.entrySet()) {
            NodeName name = nameOf.get(e.getKey());
            Instance i = byId.get(e.getValue());
            List<String> resources = new ArrayList<>(List.of(e.getValue()));
            if (i != null) {
                i.blockDeviceMappings().stream().filter(m -> m.ebs() != null && m.ebs().volumeId() != null)
                        .forEach(m -> resources.add(m.ebs().volumeId()));
            }
            List<Tag> tags = specs.tags(req, List.of(name), token);
            ec2.createTags(b -> b.resources(resources).tags(tags));
            out.add(new Launcher.Started(name, e.getValue(), i == null ? null : i.privateIpAddress(), pool));
        }
        return out;
    }

    /**
     * Cancels {@code requests}, then terminates any instance they had (a request fulfilled just
     * before its cancel keeps its instance on EC2): those seen before the cancel, and those the
     * batch's requests show after it (moto forgets a cancelled request at once, while its
     * instance keeps running: so the ones seen before count).
     */
    private void cancelLeavingNoInstance(List<String> requests, String token, Map<String, String> seenBefore) {
        if (requests.isEmpty()) {
            return;
        }
        ec2.cancelSpotInstanceRequests(b -> b.spotInstanceRequestIds(requests));
        List<String> instances = new ArrayList<>();
        requests.stream().map(seenBefore::get).filter(java.util.Objects::nonNull).forEach(instances::add);
        for (SpotInstanceRequest r : describe(Filter.builder().name("tag:" + Tags.BATCH).values(token).build())) {
            if (requests.contains(r.spotInstanceRequestId()) && r.instanceId() != null && !instances.contains(r.instanceId())) {
                instances.add(r.instanceId());
            }
        }
        cancelAndTerminate(List.of(), instances);
    }

    /**
     * What a crash or a destroy leaves: the cluster's open requests (of one group, or of all
     * when {@code group} is null) are cancelled, and so are active ones whose instance carries
     * no cluster tag (fulfilled, then a crash before it was tagged), or every active one when
     * {@code all}. Instances of the latter kind are given the cluster's tags now, so that the
     * caller's Terminator, which finds instances by tag, terminates them and waits. Returns the
     * ids of those untagged instances; instances already tagged are nodes, left to the caller.
     */
    List<String> sweep(String group, boolean all) {
        List<Filter> filters = new ArrayList<>(List.of(Filter.builder().name("tag:" + Tags.CLUSTER).values(cluster).build()));
        if (group != null) {
            filters.add(Filter.builder().name("tag:" + Tags.GROUP).values(group).build());
        }
        List<SpotInstanceRequest> requests = describe(filters.toArray(Filter[]::new)).stream().filter(SpotRequests::isOpenOrActive).toList();
        List<String> withInstance = requests.stream().map(SpotInstanceRequest::instanceId).filter(java.util.Objects::nonNull).toList();
        Map<String, Instance> instances = new HashMap<>();
        if (!withInstance.isEmpty()) {
            for (var page : ec2.describeInstancesPaginator(b -> b.instanceIds(withInstance))) {
                for (Reservation r : page.reservations()) {
                    r.instances().forEach(i -> instances.put(i.instanceId(), i));
                }
            }
        }
        List<String> cancel = new ArrayList<>();
        List<String> orphans = new ArrayList<>();
        for (SpotInstanceRequest r : requests) {
            Instance i = r.instanceId() == null ? null : instances.get(r.instanceId());
            boolean tagged = i != null && i.tags().stream().anyMatch(t -> t.key().equals(Tags.CLUSTER));
            if (r.instanceId() == null || !tagged || all) {
                cancel.add(r.spotInstanceRequestId());
            }
            if (i != null && !tagged && !"terminated".equals(i.state().nameAsString())) {
                orphans.add(i.instanceId());
            }
        }
        if (!cancel.isEmpty()) {
            ec2.cancelSpotInstanceRequests(b -> b.spotInstanceRequestIds(cancel));
        }
        if (!orphans.isEmpty()) {
            ec2.createTags(b -> b.resources(orphans).tags(Tag.builder().key(Tags.CLUSTER).value(cluster).build()));
        }
        return orphans;
    }

    /**
     * Cancels the cluster's open or active requests that hold one of {@code instanceIds}, before
     * those instances are terminated (destroy, {@code destroy --target}, scale down, replacement):
     * a machine spotplay removes leaves no request of its behind. One describe (by the cluster's
     * tag and the instance ids), one cancel if any. Returns the cancelled request ids.
     */
    List<String> cancelFor(java.util.Collection<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return List.of();
        }
        List<String> cancel = new ArrayList<>();
        List<String> ids = List.copyOf(instanceIds);
        // DescribeSpotInstanceRequests takes at most 200 values per filter.
        for (int from = 0; from < ids.size(); from += 200) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 200));
            describe(Filter.builder().name("tag:" + Tags.CLUSTER).values(cluster).build(),
                    Filter.builder().name("instance-id").values(chunk).build()).stream()
                    .filter(SpotRequests::isOpenOrActive).filter(r -> r.instanceId() != null && instanceIds.contains(r.instanceId()))
                    .forEach(r -> cancel.add(r.spotInstanceRequestId()));
        }
        if (!cancel.isEmpty()) {
            ec2.cancelSpotInstanceRequests(b -> b.spotInstanceRequestIds(cancel));
        }
        return cancel;
    }

    private void cancelAndTerminate(List<String> requests, List<String> instances) {
        if (!requests.isEmpty()) {
            ec2.cancelSpotInstanceRequests(b -> b.spotInstanceRequestIds(requests));
        }
        if (!instances.isEmpty()) {
            ec2.terminateInstances(b -> b.instanceIds(instances));
        }
    }

    private List<SpotInstanceRequest> describe(Filter... filters) {
        describes++;
        List<SpotInstanceRequest> out = new ArrayList<>();
        String next = null;
        do {
            String from = next;
            var page = ec2.describeSpotInstanceRequests(b -> b.filters(filters).nextToken(from));
            out.addAll(page.spotInstanceRequests());
            next = page.nextToken();
        } while (next != null && !next.isEmpty());
        return out;
    }

    int describes() {
        return describes;
    }

    private static boolean isOpenOrActive(SpotInstanceRequest r) {
        return "open".equals(r.stateAsString()) || "active".equals(r.stateAsString());
    }
}
