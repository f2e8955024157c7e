package dev.spotplay.provider.aws;

import dev.spotplay.diag.UserError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Where instances may go: the playbook's subnets (by id or by CIDR block), or else the default
 * VPC's default subnet of each allowed zone; read once per command, in one call.
 */
final class Subnets {

    record Subnet(String id, String zone, String vpcId, String cidr) {}

    private final Ec2Client ec2;
    private final AwsSettings settings;
    private List<Subnet> resolved;

    Subnets(Ec2Client ec2, AwsSettings settings) {
        this.ec2 = ec2;
        this.settings = settings;
    }

    /** The allowed subnets, at most one per zone, in the order the playbook lists them (or by zone). */
    synchronized List<Subnet> all() {
        if (resolved != null) {
            return resolved;
        }
        List<Subnet> found = new ArrayList<>();
        DescribeSubnetsRequest.Builder req = DescribeSubnetsRequest.builder();
        if (settings.subnets().isEmpty()) {
            req.filters(Filter.builder().name("default-for-az").values("true").build());
        }
        List<Subnet> every = new ArrayList<>();
        for (var page : ec2.describeSubnetsPaginator(req.build())) {
            page.subnets().forEach(s -> every.add(new Subnet(s.subnetId(), s.availabilityZone(), s.vpcId(), s.cidrBlock())));
        }
        if (settings.subnets().isEmpty()) {
            every.sort(Comparator.comparing(Subnet::zone));
            found.addAll(every);
        } else {
            for (String wanted : settings.subnets()) {
                Subnet match = every.stream().filter(s -> wanted.equals(s.id()) || wanted.equals(s.cidr())).findFirst()
                        .orElseThrow(() -> new UserError("Subnet \"" + wanted + "\" (provider.subnet) was not found in the region. "
                                + "Name an existing subnet by its id (subnet-...) or its CIDR block."));
                found.add(match);
            }
        }
        if (!settings.zones().isEmpty()) {
            found.removeIf(s -> !settings.zones().contains(s.zone()));
        }
        Map<String, Subnet> perZone = new LinkedHashMap<>();
        found.forEach(s -> perZone.putIfAbsent(s.zone(), s));
        if (perZone.isEmpty()) {
            throw new UserError(settings.subnets().isEmpty()
                    ? "No default subnet in the allowed zones " + settings.zones() + ". Name subnets under provider.subnet."
                    : "None of the subnets " + settings.subnets() + " is in the allowed zones " + settings.zones() + ".");
        }
        List<String> vpcs = perZone.values().stream().map(Subnet::vpcId).distinct().toList();
        if (vpcs.size() > 1) {
            throw new UserError("The subnets " + settings.subnets() + " lie in different VPCs " + vpcs
                    + "; a cluster's subnets must share one VPC (its security group belongs to one).");
        }
        resolved = List.copyOf(perZone.values());
        return resolved;
    }

    String vpcId() {
        return all().get(0).vpcId();
    }
}
