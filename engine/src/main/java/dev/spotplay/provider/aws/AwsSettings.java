package dev.spotplay.provider.aws;

import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.ProviderConfig;
import java.net.URI;
import java.util.List;

/**
 * The aws provider's view of a playbook's {@code provider:} block.
 *
 * @param subnets        subnet ids ({@code subnet-...}) or CIDR blocks ({@code 127.0.1.0/24}) to
 *                       launch into; empty: the default VPC's default subnets
 * @param zones          allowed availability zones; empty: all of the region's (or the subnets')
 * @param keyPair        an existing EC2 key pair to use, or null: spotplay imports the cluster's own
 * @param securityGroup  an existing security group id to use, or null: spotplay creates one
 * @param privateAddress SSH to the instances' private address instead of their public one
 * @param spotRequests   launch spot groups with the classic RequestSpotInstances, not RunInstances
 */
record AwsSettings(String region, String profile, URI endpoint, List<String> subnets, List<String> zones,
                   String keyPair, String securityGroup, boolean privateAddress, boolean spotRequests) {

    static final String DEFAULT_REGION = "us-east-1";

    static AwsSettings of(Playbook playbook) {
        ProviderConfig p = playbook.provider();
        String endpoint = p.setting("endpoint");
        return new AwsSettings(p.setting("region"), p.setting("profile"), endpoint == null ? null : URI.create(endpoint),
                list(p.settings().get("subnet")), list(p.settings().get("availability_zones")), p.setting("key_pair"),
                p.setting("security_group"), "private".equals(p.setting("address")), "spot-requests".equals(p.setting("spot_api")));
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object v) {
        if (v == null) {
            return List.of();
        }
        return v instanceof List<?> l ? List.copyOf((List<String>) l) : List.of(v.toString());
    }
}
