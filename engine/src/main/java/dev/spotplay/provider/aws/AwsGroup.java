package dev.spotplay.provider.aws;

import dev.spotplay.playbook.Group;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** A group's aws keys, as {@link AwsLanguage#GROUP_KEYS} read them. */
record AwsGroup(Group group) {

    String name() {
        return group.name();
    }

    /** Desired nodes: always known, since aws groups are counted by spotplay. */
    int count() {
        return group.count().orElse(0);
    }

    boolean isSpot() {
        return !"on-demand".equals(group.setting("market"));
    }

    @SuppressWarnings("unchecked")
    List<String> instanceTypes() {
        return (List<String>) group.settings().getOrDefault("instance_type", List.of());
    }

    String image() {
        return (String) group.settings().getOrDefault("image", "");
    }

    /** The user's cap in USD per hour, or null. */
    BigDecimal spotPrice() {
        return (BigDecimal) group.setting("spot_price");
    }

    /** The root volume, or null. */
    AwsLanguage.Volume volume() {
        return (AwsLanguage.Volume) group.setting("volume");
    }

    /** The user data, or null. */
    AwsLanguage.UserData userData() {
        return (AwsLanguage.UserData) group.setting("user_data");
    }

    /** The IAM instance profile's name or ARN, or null. */
    String instanceProfile() {
        return (String) group.setting("iam_instance_profile");
    }

    boolean dedicated() {
        return "dedicated".equals(group.setting("tenancy"));
    }

    /**
     * What a shutdown from inside one of its instances does: {@code terminate} for spot (EC2
     * terminates a one-time spot instance that shuts down) and for {@code autostop} with
     * {@code action: terminate}; else {@code stop}, EC2's default.
     */
    String shutdownBehavior() {
        boolean terminate = dev.spotplay.provider.Autostop.of(group)
                .map(a -> a.action() == dev.spotplay.provider.Autostop.Action.TERMINATE).orElse(false);
        return isSpot() || terminate ? "terminate" : "stop";
    }

    /** True if the launch must say so: EC2's default (stop) would not be what the group asks. */
    boolean terminatesOnShutdown() {
        return dev.spotplay.provider.Autostop.of(group).map(a -> a.action() == dev.spotplay.provider.Autostop.Action.TERMINATE).orElse(false);
    }

    @SuppressWarnings("unchecked")
    Map<String, String> tags() {
        return (Map<String, String>) group.settings().getOrDefault("tags", Map.of());
    }
}
