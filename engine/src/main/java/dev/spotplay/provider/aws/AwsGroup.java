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

    @SuppressWarnings("unchecked")
    Map<String, String> tags() {
        return (Map<String, String>) group.settings().getOrDefault("tags", Map.of());
    }
}
