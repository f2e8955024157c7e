package dev.spotplay.provider.aws;

import dev.spotplay.diag.UserError;
import dev.spotplay.playbook.Group;
import dev.spotplay.provider.LaunchRequest;
import dev.spotplay.provider.NodeName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileSpecification;
import software.amazon.awssdk.services.ec2.model.InstanceInterruptionBehavior;
import software.amazon.awssdk.services.ec2.model.InstanceMarketOptionsRequest;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.RequestSpotInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RequestSpotLaunchSpecification;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.ShutdownBehavior;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;
import software.amazon.awssdk.services.ec2.model.SpotMarketOptions;
import software.amazon.awssdk.services.ec2.model.SpotPlacement;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Tenancy;

/**
 * The RunInstances request for one attempt: image, type, subnet, key pair, security group,
 * market, root volume, user data (base64), instance profile, tenancy, the instance-initiated
 * shutdown behaviour (terminate for autostop's {@code terminate}), and the tags every
 * instance (and its volume) is born with.
 */
final class LaunchSpecs {
    /** EC2 allows 50 tags per resource; spotplay's own take up to this many, the user's the rest. */
    static final int MAX_TAGS = 50;

    private final String cluster;
    private final Supplier<String> keyName;
    private final Supplier<String> securityGroup;
    private final Images images;

    LaunchSpecs(Images images, String cluster, Supplier<String> keyName, Supplier<String> securityGroup) {
        this.images = images;
        this.cluster = cluster;
        this.keyName = keyName;
        this.securityGroup = securityGroup;
    }

    RunInstancesRequest request(LaunchRequest req, Pools.Pool pool, List<NodeName> names, int min, String token) {
        AwsGroup g = new AwsGroup(req.group());
        List<Tag> tags = tags(req, names, token);
        List<TagSpecification> specs = new ArrayList<>(List.of(
                TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags).build(),
                TagSpecification.builder().resourceType(ResourceType.VOLUME).tags(tags).build()));
        if (g.isSpot()) {
            specs.add(TagSpecification.builder().resourceType(ResourceType.SPOT_INSTANCES_REQUEST).tags(tags).build());
        }
        RunInstancesRequest.Builder b = RunInstancesRequest.builder()
                .imageId(g.image())
                .instanceType(pool.type())
                .minCount(min)
                .maxCount(names.size())
                .clientToken(token)
                .keyName(keyName.get())
                .subnetId(pool.subnet().id())
                .securityGroupIds(securityGroup.get())
                .tagSpecifications(specs);
        if (g.isSpot()) {
            SpotMarketOptions.Builder spot = SpotMarketOptions.builder().spotInstanceType(SpotInstanceType.ONE_TIME)
                    .instanceInterruptionBehavior(InstanceInterruptionBehavior.TERMINATE);
            if (g.spotPrice() != null) {
                spot.maxPrice(g.spotPrice().toPlainString());
            }
            b.instanceMarketOptions(InstanceMarketOptionsRequest.builder().marketType(MarketType.SPOT)
                    .spotOptions(spot.build()).build());
        }
        if (g.volume() != null) {
            b.blockDeviceMappings(rootVolume(g));
        }
        if (g.userData() != null) {
            b.userData(g.userData().base64()); // the SDK sends it as given: EC2 wants base64
        }
        if (g.instanceProfile() != null) {
            b.iamInstanceProfile(profile(g.instanceProfile()));
        }
        if (g.dedicated()) {
            b.placement(p -> p.tenancy(Tenancy.DEDICATED));
        }
        if (g.terminatesOnShutdown()) {
            // autostop's "terminate": the agent's shutdown -h now ends the instance rather than stopping it.
            b.instanceInitiatedShutdownBehavior(ShutdownBehavior.TERMINATE);
        }
        return b.build();
    }

    /**
     * The classic spot API's request for one attempt: {@code names.size()} one-time requests
     * with the same launch specification as {@link #request}, the ClientToken, and the batch's
     * tags on the requests (the only resource RequestSpotInstances tags; the instances get theirs
     * from {@link SpotRequests} once fulfilled).
     */
    RequestSpotInstancesRequest spotRequest(LaunchRequest req, Pools.Pool pool, List<NodeName> names, String token) {
        AwsGroup g = new AwsGroup(req.group());
        RequestSpotLaunchSpecification.Builder spec = RequestSpotLaunchSpecification.builder()
                .imageId(g.image())
                .instanceType(pool.type())
                .keyName(keyName.get())
                .subnetId(pool.subnet().id())
                .securityGroupIds(securityGroup.get());
        if (g.volume() != null) {
            spec.blockDeviceMappings(rootVolume(g));
        }
        if (g.userData() != null) {
            spec.userData(g.userData().base64());
        }
        if (g.instanceProfile() != null) {
            spec.iamInstanceProfile(profile(g.instanceProfile()));
        }
        if (g.dedicated()) {
            spec.placement(SpotPlacement.builder().tenancy(Tenancy.DEDICATED).build());
        }
        RequestSpotInstancesRequest.Builder b = RequestSpotInstancesRequest.builder()
                .instanceCount(names.size())
                .type(SpotInstanceType.ONE_TIME)
                .instanceInterruptionBehavior(InstanceInterruptionBehavior.TERMINATE)
                .clientToken(token)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SPOT_INSTANCES_REQUEST)
                        .tags(tags(req, names, token)).build())
                .launchSpecification(spec.build());
        if (g.spotPrice() != null) {
            b.spotPrice(g.spotPrice().toPlainString());
        }
        return b.build();
    }

    BlockDeviceMapping rootVolume(AwsGroup g) {
        return BlockDeviceMapping.builder().deviceName(images.rootDevice(g.image()))
                .ebs(e -> e.volumeSize(g.volume().sizeGb()).volumeType(g.volume().type()).iops(g.volume().iops())
                        .throughput(g.volume().throughput()).deleteOnTermination(true)).build();
    }

    /** By ARN if it is one, else by name. */
    static IamInstanceProfileSpecification profile(String profile) {
        return profile.startsWith("arn:") ? IamInstanceProfileSpecification.builder().arn(profile).build()
                : IamInstanceProfileSpecification.builder().name(profile).build();
    }

    /** The {@code Name} a node's instance has unless the user's tags give one. */
    static String defaultName(String cluster, String node) {
        return cluster + "-" + node;
    }

    List<Tag> tags(LaunchRequest req, List<NodeName> names, String token) {
        Map<String, String> tags = new LinkedHashMap<>();
        // One call tags every instance alike: a batch's per-node Name and spotplay:node follow as each runs.
        tags.put("Name", names.size() == 1 ? defaultName(cluster, names.get(0).toString()) : cluster + "-" + req.group().name());
        tags.put(Tags.CLUSTER, cluster);
        tags.put(Tags.GROUP, req.group().name());
        tags.put(Tags.CREATOR, Tags.creator());
        tags.put(Tags.APPLY, req.applyId());
        tags.put(Tags.BATCH, token);
        if (req.lineage() != null) {
            tags.put(Tags.LINEAGE, req.lineage());
        }
        if (names.size() == 1) {
            tags.put(Tags.NODE, names.get(0).toString());
        }
        tags.putAll(Tags.namesTags(names.stream().map(NodeName::index).toList()));
        Map<String, String> userTags = new AwsGroup(req.group()).tags();
        for (var e : userTags.entrySet()) {
            if (tags.size() >= MAX_TAGS) {
                throw new UserError("Group \"" + req.group().name() + "\" has too many tags: EC2 allows " + MAX_TAGS
                        + " per instance and spotplay needs " + (tags.size() - userTags.size() + 1) + ".");
            }
            if (e.getKey().equals("Name")) {
                tags.put("Name", e.getValue()); // the user's own Name wins over spotplay's default
            } else {
                tags.putIfAbsent(e.getKey(), e.getValue());
            }
        }
        List<Tag> out = new ArrayList<>();
        tags.forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
        return out;
    }
}
