package dev.spotplay.provider.aws;

import dev.spotplay.plan.AttributeChange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/**
 * The cluster's security group, {@code spotplay-<cluster>}, unless the playbook names an
 * existing one (which spotplay then uses and never changes or deletes).
 *
 * <p>The security group lets in SSH (tcp 22) only from {@code ssh.allow_from} (or, without it,
 * from inside the VPC), all traffic between the cluster's own nodes, and NFS (tcp 2049) between
 * them for EFS mount targets, which carry the same group.
 */
final class Network {
    private final Ec2Client ec2;
    private final AwsSettings settings;
    private final String cluster;
    private final Subnets subnets;
    private final List<String> allowFrom;
    private final boolean nfs;
    private String groupId;
    private List<IpPermission> existingRules = List.of();
    private boolean groupLooked;
    private String vpcCidr;

    Network(Ec2Client ec2, AwsSettings settings, String cluster, Subnets subnets, List<String> allowFrom, boolean nfs) {
        this.ec2 = ec2;
        this.settings = settings;
        this.cluster = cluster;
        this.subnets = subnets;
        this.allowFrom = allowFrom;
        this.nfs = nfs;
    }

    String name() {
        return "spotplay-" + cluster;
    }

    boolean ownsGroup() {
        return settings.securityGroup() == null;
    }

    /** The rule as the plan shows it. */
    String ruleText() {
        String ssh = allowFrom.isEmpty() ? "from inside the VPC only (set ssh.allow_from to reach it from elsewhere)"
                : "from " + String.join(", ", allowFrom);
        return "SSH (tcp 22) " + ssh + "; all traffic between the cluster's nodes" + (nfs ? "; NFS (tcp 2049) for EFS" : "");
    }

    /** The security group's id, or null if it does not exist yet. */
    synchronized String findGroup() {
        if (groupId != null || groupLooked) {
            return groupId;
        }
        if (!ownsGroup()) {
            groupId = settings.securityGroup();
            return groupId;
        }
        var r = ec2.describeSecurityGroups(b -> b.filters(Filter.builder().name("group-name").values(name()).build(),
                Filter.builder().name("vpc-id").values(subnets.vpcId()).build()));
        SecurityGroup found = r.securityGroups().stream().findFirst().orElse(null);
        groupLooked = true;
        groupId = found == null ? null : found.groupId();
        existingRules = found == null ? List.of() : found.ipPermissions();
        return groupId;
    }

    /**
     * Creates the security group unless it exists, and adds whichever of its rules are missing
     * (a crash between creating it and adding them leaves a group without rules); returns its id.
     */
    synchronized String ensureGroup() {
        String id = findGroup();
        if (id == null) {
            id = create();
        }
        if (ownsGroup()) {
            addMissingRules(id);
            revokeStaleSsh(id);
        }
        return id;
    }

    /** The SSH sources the group should have: ssh.allow_from, or the VPC's own block. */
    private List<String> sshSources() {
        return allowFrom.isEmpty() ? List.of(vpcCidr(subnets.vpcId())) : allowFrom;
    }

    /** The SSH sources the existing group has now (IPv4 and IPv6). */
    private List<String> sshNow() {
        List<String> now = new ArrayList<>();
        for (IpPermission p : existingRules) {
            if ("tcp".equals(p.ipProtocol()) && Integer.valueOf(22).equals(p.fromPort())) {
                p.ipRanges().forEach(r -> now.add(r.cidrIp()));
                p.ipv6Ranges().forEach(r -> now.add(r.cidrIpv6()));
            }
        }
        return now;
    }

    /**
     * How the existing group's SSH rule differs from the playbook ("SSH from 203.0.113.7/32 added;
     * 198.51.100.0/24 removed"), or null if it does not (or the group is not spotplay's).
     */
    synchronized String sshDrift() {
        if (!ownsGroup() || findGroup() == null) {
            return null;
        }
        List<String> want = sshSources();
        List<String> have = sshNow();
        List<String> add = want.stream().filter(c -> !have.contains(c)).toList();
        List<String> drop = have.stream().filter(c -> !want.contains(c)).toList();
        if (add.isEmpty() && drop.isEmpty()) {
            return null;
        }
        return "SSH (tcp 22)" + (add.isEmpty() ? "" : " from " + String.join(", ", add) + " added")
                + (add.isEmpty() || drop.isEmpty() ? "" : ";") + (drop.isEmpty() ? "" : " from " + String.join(", ", drop) + " removed");
    }

    /** The SSH rule's sources now and as apply leaves them, for the plan's {@code ~ security_group} line. */
    synchronized AttributeChange sshChange() {
        return new AttributeChange("ssh_from", sources(sshNow()), sources(sshSources()));
    }

    private static String sources(List<String> cidrs) {
        return cidrs.isEmpty() ? "(none)" : String.join(", ", cidrs);
    }

    private void revokeStaleSsh(String id) {
        List<String> want = sshSources();
        List<String> stale = sshNow().stream().filter(c -> !want.contains(c)).toList();
        if (stale.isEmpty()) {
            return;
        }
        IpPermission p = IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22)
                .ipRanges(stale.stream().filter(c -> !c.contains(":")).map(c -> IpRange.builder().cidrIp(c).build()).toList())
                .ipv6Ranges(stale.stream().filter(c -> c.contains(":"))
                        .map(c -> software.amazon.awssdk.services.ec2.model.Ipv6Range.builder().cidrIpv6(c).build()).toList())
                .build();
        ec2.revokeSecurityGroupIngress(b -> b.groupId(id).ipPermissions(p));
        groupLooked = false;
        groupId = null;
        findGroup();
    }

    private String create() {
        String vpc = subnets.vpcId();
        String id;
        try {
            id = ec2.createSecurityGroup(b -> b.groupName(name()).vpcId(vpc)
                    .description("spotplay cluster " + cluster + ": SSH from allow_from, traffic between its nodes")
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP)
                            .tags(Tag.builder().key(Tags.CLUSTER).value(cluster).build(),
                                    Tag.builder().key(Tags.CREATOR).value(Tags.creator()).build()).build())).groupId();
        } catch (AwsServiceException e) {
            if (!"InvalidGroup.Duplicate".equals(ApiErrors.code(e))) {
                throw e;
            }
            groupId = null;
            groupLooked = false;
            return findGroup();
        }
        groupId = id;
        existingRules = List.of();
        return id;
    }

    private void addMissingRules(String id) {
        List<String> sources = sshSources();
        List<IpPermission> rules = new ArrayList<>();
        List<IpRange> ranges = sources.stream().filter(c -> !c.contains(":")).map(c -> IpRange.builder().cidrIp(c).build()).toList();
        List<software.amazon.awssdk.services.ec2.model.Ipv6Range> ranges6 = sources.stream().filter(c -> c.contains(":"))
                .map(c -> software.amazon.awssdk.services.ec2.model.Ipv6Range.builder().cidrIpv6(c).build()).toList();
        rules.add(IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22).ipRanges(ranges).ipv6Ranges(ranges6).build());
        rules.add(IpPermission.builder().ipProtocol("-1").userIdGroupPairs(UserIdGroupPair.builder().groupId(id).build()).build());
        if (nfs) {
            rules.add(IpPermission.builder().ipProtocol("tcp").fromPort(2049).toPort(2049)
                    .userIdGroupPairs(UserIdGroupPair.builder().groupId(id).build()).build());
        }
        List<IpPermission> missing = new ArrayList<>();
        for (IpPermission want : rules) {
            IpPermission have = existingRules.stream().filter(h -> same(h, want)).findFirst().orElse(null);
            List<IpRange> newRanges = want.ipRanges().stream().filter(r -> have == null
                    || have.ipRanges().stream().noneMatch(h -> h.cidrIp().equals(r.cidrIp()))).toList();
            var newRanges6 = want.ipv6Ranges().stream().filter(r -> have == null
                    || have.ipv6Ranges().stream().noneMatch(h -> h.cidrIpv6().equals(r.cidrIpv6()))).toList();
            boolean pairMissing = !want.userIdGroupPairs().isEmpty() && (have == null || have.userIdGroupPairs().stream()
                    .noneMatch(p -> id.equals(p.groupId())));
            if (!newRanges.isEmpty() || !newRanges6.isEmpty() || pairMissing) {
                missing.add(want.toBuilder().ipRanges(newRanges).ipv6Ranges(newRanges6)
                        .userIdGroupPairs(pairMissing ? want.userIdGroupPairs() : List.of()).build());
            }
        }
        if (!missing.isEmpty()) {
            try {
                ec2.authorizeSecurityGroupIngress(b -> b.groupId(id).ipPermissions(missing));
            } catch (AwsServiceException e) {
                if (!"InvalidPermission.Duplicate".equals(ApiErrors.code(e))) {
                    throw e;
                }
                // Some were there after all (described differently): add them one by one, skipping those.
                for (IpPermission p : missing) {
                    try {
                        ec2.authorizeSecurityGroupIngress(b -> b.groupId(id).ipPermissions(p));
                    } catch (AwsServiceException dup) {
                        if (!"InvalidPermission.Duplicate".equals(ApiErrors.code(dup))) {
                            throw dup;
                        }
                    }
                }
            }
            List<IpPermission> now = new ArrayList<>(existingRules);
            now.addAll(missing);
            existingRules = now;
        }
    }

    private static boolean same(IpPermission a, IpPermission b) {
        return a.ipProtocol().equals(b.ipProtocol()) && java.util.Objects.equals(a.fromPort(), b.fromPort())
                && java.util.Objects.equals(a.toPort(), b.toPort());
    }

    private String vpcCidr(String vpc) {
        if (vpcCidr == null) {
            vpcCidr = ec2.describeVpcs(b -> b.vpcIds(vpc)).vpcs().get(0).cidrBlock();
        }
        return vpcCidr;
    }

    /** The group's id for launches: made by {@link #ensureGroup} in prepare, so only looked up here. */
    synchronized String groupForLaunch() {
        String id = findGroup();
        return id != null ? id : ensureGroup();
    }

    /**
     * Deletes the group {@link #ensureGroup} created; an absent one is fine. It stays when
     * {@code keepGroup}: kept EFS mount targets still use it.
     */
    void delete(Poller poller, boolean keepGroup) throws IOException {
        if (ownsGroup() && !keepGroup) {
            String id = findGroup();
            if (id != null) {
                // Until terminated instances release their network interfaces, EC2 answers DependencyViolation.
                poller.until("the security group " + name() + " can be deleted", () -> {
                    try {
                        ec2.deleteSecurityGroup(b -> b.groupId(id));
                        return true;
                    } catch (AwsServiceException e) {
                        String code = ApiErrors.code(e);
                        if ("InvalidGroup.NotFound".equals(code)) {
                            return true;
                        }
                        if ("DependencyViolation".equals(code)) {
                            return false;
                        }
                        throw e;
                    }
                });
                groupId = null;
                groupLooked = false;
            }
        }
    }
}
