package dev.spotplay.provider.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Every instance of one cluster, in one paginated, tag-filtered DescribeInstances: the only way
 * spotplay looks at instances, for observe, for the poll while waiting, and for termination.
 * Never one call per node, never a filter moto lacks (the rest is filtered here).
 */
final class Instances {

    /**
     * One instance as spotplay reads it.
     *
     * @param name   its node name ({@code worker001}), from its batch tags and launch index; null if unknown
     * @param reason why it stopped (its state reason), or null
     * @param tags    its tags
     * @param volumes its EBS volumes' ids
     */
    record Ec2Instance(String id, String name, String group, String state, String privateIp, String publicIp,
                       Instant launchTime, String reason, String reasonCode, String type, String zone,
                       Map<String, String> tags, List<String> volumes, String lifecycle, String tenancy) {

        Ec2Instance(String id, String name, String group, String state, String privateIp, String publicIp,
                    Instant launchTime, String reason, String reasonCode, String type, String zone,
                    Map<String, String> tags, List<String> volumes) {
            this(id, name, group, state, privateIp, publicIp, launchTime, reason, reasonCode, type, zone, tags, volumes, null, null);
        }

        /**
         * The launch settings that can be read off the instance itself, in
         * {@link AwsProvider#launchSettings}'s words: its type, market, tenancy and the user's
         * tags (not spotplay's own, not EC2's, not the Name spotplay gives). The rest (image
         * as the playbook names it, volume, user data, spot cap, profile, network) cannot be
         * told from one DescribeInstances answer, and stays unknown.
         */
        Map<String, String> observedSettings() {
            Map<String, String> s = new java.util.TreeMap<>();
            if (type != null) {
                s.put(AwsProvider.INSTANCE_TYPE, type);
            }
            s.put("market", "spot".equals(lifecycle) ? "spot" : "on-demand");
            s.put("tenancy", "dedicated".equals(tenancy) ? "dedicated" : "default");
            Map<String, String> user = new java.util.TreeMap<>();
            tags.forEach((k, v) -> {
                boolean spotplays = k.startsWith("spotplay:") || k.startsWith("aws:")
                        || k.equals("Name") && name != null && v.equals(LaunchSpecs.defaultName(tags.getOrDefault(Tags.CLUSTER, ""), name));
                if (!spotplays) {
                    user.put(k, v);
                }
            });
            s.put(AwsProvider.TAGS, AwsProvider.tagsText(user));
            return s;
        }

        boolean alive() {
            return state.equals("pending") || state.equals("running");
        }

        /** Paused with its disk: stopped, or on its way there. */
        boolean stopped() {
            return state.equals("stopping") || state.equals("stopped");
        }

        boolean gone() {
            return state.equals("shutting-down") || state.equals("terminated");
        }
    }

    private final Ec2Client ec2;
    private final String cluster;
    private int calls;

    Instances(Ec2Client ec2, String cluster) {
        this.ec2 = ec2;
        this.cluster = cluster;
    }

    /** The cluster's instances, oldest first (terminated ones too, while EC2 still shows them). */
    List<Ec2Instance> describe() {
        calls++;
        DescribeInstancesRequest request = DescribeInstancesRequest.builder()
                .filters(Filter.builder().name("tag:" + Tags.CLUSTER).values(cluster).build())
                .maxResults(1000)
                .build();
        List<Ec2Instance> out = new ArrayList<>();
        for (var page : ec2.describeInstancesPaginator(request)) {
            for (Reservation r : page.reservations()) {
                for (Instance i : r.instances()) {
                    out.add(read(i));
                }
            }
        }
        out.sort(Comparator.comparing((Ec2Instance i) -> i.launchTime() == null ? Instant.EPOCH : i.launchTime())
                .thenComparing(Ec2Instance::id));
        return out;
    }

    int calls() {
        return calls;
    }

    /**
     * Gives a node's instance and its volumes the tags people look for: {@code spotplay:node}
     * and {@code Name=<cluster>-<node>} (unless the user named it). A batch launch cannot: its
     * call gives every instance the same tags; so this runs as each is reported running, and at
     * the start of every apply for any a crash left without them; with them, the state's
     * {@code lineage} if it lacks it (launched before lineages, or adopted). True if it tagged.
     */
    boolean completeTags(Ec2Instance i, String lineage) {
        if (!i.alive() || i.name() == null) {
            return false;
        }
        Map<String, String> put = new java.util.TreeMap<>();
        if (!i.name().equals(i.tags().get(Tags.NODE))) {
            put.put(Tags.NODE, i.name());
            String name = i.tags().get("Name");
            if (name == null || name.equals(cluster + "-" + i.group())) {
                put.put("Name", LaunchSpecs.defaultName(cluster, i.name()));
            }
        }
        if (lineage != null && !lineage.equals(i.tags().get(Tags.LINEAGE))) {
            put.put(Tags.LINEAGE, lineage);
        }
        if (put.isEmpty()) {
            return false;
        }
        calls++;
        List<String> resources = new ArrayList<>(List.of(i.id()));
        resources.addAll(i.volumes());
        List<Tag> tags = new ArrayList<>();
        put.forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
        ec2.createTags(b -> b.resources(resources).tags(tags));
        return true;
    }

    /**
     * Sets {@code put} and deletes {@code removed} among the tags of one instance and of its
     * volumes (the volumes were born with the instance's tags, and keep following them).
     */
    void retag(String instanceId, Map<String, String> put, List<String> removed) {
        if (put.isEmpty() && removed.isEmpty()) {
            return;
        }
        calls++;
        List<String> resources = new ArrayList<>(List.of(instanceId));
        for (Reservation r : ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations()) {
            for (Instance i : r.instances()) {
                i.blockDeviceMappings().stream().filter(m -> m.ebs() != null && m.ebs().volumeId() != null)
                        .forEach(m -> resources.add(m.ebs().volumeId()));
            }
        }
        if (!put.isEmpty()) {
            List<Tag> tags = new ArrayList<>();
            put.forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
            ec2.createTags(b -> b.resources(resources).tags(tags));
        }
        if (!removed.isEmpty()) {
            ec2.deleteTags(b -> b.resources(resources).tags(removed.stream().map(k -> Tag.builder().key(k).build()).toList()));
        }
    }

    /** Sets what a shutdown from inside the instance does ({@code stop} or {@code terminate}), in place. */
    void shutdownBehavior(String instanceId, String behavior) {
        calls++;
        // The Attribute/Value form, which EC2 documents for this attribute (and moto implements; it ignores the other form).
        ec2.modifyInstanceAttribute(b -> b.instanceId(instanceId)
                .attribute(software.amazon.awssdk.services.ec2.model.InstanceAttributeName.INSTANCE_INITIATED_SHUTDOWN_BEHAVIOR)
                .value(behavior));
    }

    static Ec2Instance read(Instance i) {
        Map<String, String> tags = new HashMap<>();
        for (Tag t : i.tags()) {
            tags.put(t.key(), t.value());
        }
        String group = tags.get(Tags.GROUP);
        String name = tags.get(Tags.NODE);
        if (name == null && group != null && i.amiLaunchIndex() != null) {
            List<Integer> indexes = Tags.decodeIndexes(tags);
            int k = i.amiLaunchIndex();
            if (k >= 0 && k < indexes.size()) {
                name = String.format("%s%03d", group, indexes.get(k));
            }
        }
        String state = i.state() == null || i.state().nameAsString() == null ? "unknown" : i.state().nameAsString();
        String reasonCode = i.stateReason() == null ? null : i.stateReason().code();
        String reason = i.stateReason() == null ? null : i.stateReason().message();
        return new Ec2Instance(i.instanceId(), name, group, state, i.privateIpAddress(), i.publicIpAddress(), i.launchTime(),
                reason, reasonCode, i.instanceTypeAsString(), i.placement() == null ? null : i.placement().availabilityZone(),
                Map.copyOf(tags), i.blockDeviceMappings().stream().filter(m -> m.ebs() != null && m.ebs().volumeId() != null)
                        .map(m -> m.ebs().volumeId()).toList(),
                i.instanceLifecycleAsString(), i.placement() == null ? null : i.placement().tenancyAsString());
    }
}
