package dev.spotplay.provider.aws;

import dev.spotplay.diag.DidYouMean;
import dev.spotplay.playbook.Block;
import dev.spotplay.playbook.Cidrs;
import dev.spotplay.playbook.Key;
import dev.spotplay.playbook.ProviderConfig;
import dev.spotplay.playbook.SshConfig;
import dev.spotplay.playbook.StorageKind;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The aws provider's part of the playbook language: its {@code provider:} keys, its group keys
 * (market, instance types, image, spot price, EBS root volume, tags), {@code ssh.allow_from}, the
 * {@code efs} storage kind and the plan's resource kinds; each checked as EC2 would, before
 * anything launches.
 */
final class AwsLanguage {
    static final String TYPE = "aws";
    static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-f]{8,17}");
    static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-f]{8,17}");
    static final List<String> ADDRESSES = List.of("public", "private");
    static final List<String> MARKETS = List.of("spot", "on-demand");
    static final List<String> TENANCIES = List.of("default", "dedicated");
    static final List<String> SPOT_APIS = List.of("run-instances", "spot-requests");
    /** EC2 takes at most 16 KB of user data before base64. */
    static final int USER_DATA_MAX = 16 * 1024;
    /** An IAM name (instance profiles' too): 1 to 128 of letters, digits and {@code +=,.@_-}. */
    static final Pattern IAM_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    /** An instance profile's ARN: {@code arn:aws:iam::123456789012:instance-profile/[path/]name}. */
    static final Pattern PROFILE_ARN = Pattern.compile("arn:aws(-[a-z]+)*:iam::[0-9]{12}:instance-profile/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,128}");
    static final List<String> VOLUME_KEYS = List.of("size_gb", "type", "iops", "throughput");
    /** Provisioned IOPS per volume type, as EBS allows them ({@code io1}/{@code io2} need them; gp3 may have them). */
    static final Map<String, int[]> VOLUME_IOPS = Map.of("io1", new int[] {100, 64000}, "io2", new int[] {100, 256000},
            "gp3", new int[] {3000, 16000});
    /** Throughput in MiB/s: gp3 only. */
    static final int[] GP3_THROUGHPUT = {125, 1000};
    static final String DEFAULT_VOLUME_TYPE = "gp3";
    /** EBS's size limits in GiB per volume type, so that a size EC2 would refuse is refused before anything launches. */
    static final Map<String, int[]> VOLUME_SIZES = volumeSizes();
    /** EC2's limits on tags: keys up to 128 characters, values up to 256, and no key starting "aws:". */
    static final int TAG_KEY_MAX = 128;
    static final int TAG_VALUE_MAX = 256;

    /** The kinds of the cluster-wide resources this provider plans, as the plan and {@code plan --json} name them. */
    static final String KEY_PAIR = "key_pair";
    static final String SECURITY_GROUP_KIND = "security_group";
    static final String STORAGE = "storage";
    static final List<String> RESOURCE_KINDS = List.of(KEY_PAIR, SECURITY_GROUP_KIND, STORAGE);

    static final List<Key> PROVIDER_KEYS = List.of(
            Key.string("region", "the AWS region (default: the profile's, else us-east-1)"),
            Key.string("profile", "the AWS profile of ~/.aws to use"),
            Key.string("endpoint", "another EC2/EFS endpoint URL (an emulator such as moto)").checked(AwsLanguage::endpoint),
            Key.strings("subnet", "subnet ids or CIDR blocks of subnets to launch into").checked((b, k, v) -> subnets(b, k)),
            Key.strings("availability_zones", "the zones to launch in (default: all of the region's)"),
            Key.string(KEY_PAIR, "an existing EC2 key pair (default: spotplay imports a key of its own)"),
            Key.string("security_group", "an existing security group id (default: spotplay makes one)").checked(AwsLanguage::securityGroup),
            Key.string("address", "public (default) or private: the address spotplay connects to").checked(AwsLanguage::address),
            Key.oneOf("spot_api", SPOT_APIS, "run-instances (default: RunInstances with spot options) or spot-requests "
                    + "(the classic RequestSpotInstances, for EC2-compatible clouds that have only that)").withDefault("run-instances"));

    static final List<Key> GROUP_KEYS = List.of(
            Key.oneOf("market", MARKETS, "spot (default) or on-demand").withDefault("spot"),
            Key.strings("instance_type", "acceptable EC2 instance types, preferred first")
                    .required("the aws provider needs the EC2 instance type, e.g. \"instance_type: t3.small\"."),
            Key.string("image", "the machine image (AMI id)")
                    .required("the aws provider needs the machine image, e.g. \"image: ami-0123456789abcdef0\"."),
            Key.decimal("spot_price", "your cap in USD per hour"),
            Key.custom("volume", "mapping {size_gb, type, iops, throughput}",
                    "the root volume's size in GiB, EBS type, provisioned IOPS (io1/io2 need them) and gp3 throughput", AwsLanguage::volume),
            Key.custom("tags", "mapping of strings", "extra EC2 tags", AwsLanguage::tags),
            Key.custom("user_data", "string, or mapping {file}", "the instances' user data (e.g. a cloud-init script), at most "
                    + "16 KB; {file: path} reads it from a file relative to the playbook. Only its SHA-256 is recorded", AwsLanguage::userData),
            Key.string("iam_instance_profile", "an IAM instance profile for the instances, by name or ARN")
                    .checked(AwsLanguage::instanceProfile),
            Key.oneOf("tenancy", TENANCIES, "default (shared hardware) or dedicated (single-tenant hardware, costs more)"),
            dev.spotplay.provider.Autostop.key(AutostopAgent.MINIMUM, "the agent on each node looks once a minute.")
                    .ignoredAs("\"%1$s\" stops nodes spotplay launched; the %3$s provider launches none and ignores it."));

    static final List<Key> SSH_KEYS = List.of(
            new Key("allow_from", "list of CIDRs (or one)", null, "CIDRs allowed to reach SSH through the security group", null,
                    AwsLanguage::allowFrom, Key.IGNORED).ignoredAs("\"%1$s\" opens the %2$s provider's security group; the %3$s "
                    + "provider has none and ignores it."));

    /** An EFS file system's id, as EFS gives them: {@code fs-} and 8 or 17 hex digits. */
    static final Pattern FILE_SYSTEM_ID = Pattern.compile("fs-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    static final String EFS_ID = "id";
    static final String EFS_TOKEN = "creation_token";

    static final List<StorageKind> STORAGE_KINDS = List.of(new StorageKind("efs", "an EFS file system, mounted over NFS 4.1",
            s -> List.of(EfsMount.step(s)), List.of(
                    Key.string(EFS_ID, "an existing file system to mount (fs-...): used, never created or deleted").<String>checked((b, k, v) -> {
                        if (!FILE_SYSTEM_ID.matcher(v).matches()) {
                            b.error(k, "Invalid file system id", "\"id\" must be an EFS file system id, \"fs-\" and 8 or 17 lowercase"
                                    + " hex digits (fs-0123456789abcdef0), not \"" + v + "\".");
                        } else if (b.has(EFS_TOKEN)) {
                            b.error(k, "Two names for one file system", "Give an existing file system by \"id\" or by"
                                    + " \"creation_token\", not both.");
                        }
                    }),
                    Key.string(EFS_TOKEN, "an existing file system to mount, by the creation token it was made with: used, never"
                            + " created or deleted").<String>checked((b, k, v) -> {
                        if (v.isEmpty() || v.length() > 64 || v.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                            b.error(k, "Invalid creation token", "\"creation_token\" is 1 to 64 printable characters without spaces,"
                                    + " as EFS takes them, not \"" + v + "\".");
                        }
                    }))));

    private AwsLanguage() {}

    /** The user's key is imported as the cluster's key pair unless an existing one is named. */
    static Optional<String> publicKeyUse(ProviderConfig provider) {
        return provider.setting(KEY_PAIR) != null ? Optional.empty()
                : Optional.of("Without provider.key_pair, spotplay imports the key's public half as the cluster's EC2 key pair");
    }

    static void check(ProviderConfig provider, Block block, SshConfig ssh, Block sshBlock) {
        if (provider.setting("region") != null && provider.settings().get("availability_zones") instanceof List<?>) {
            zonesOf(block, provider.setting("region"));
        }
        if (provider.setting(KEY_PAIR) != null && ssh.privateKey() == null) {
            block.error(KEY_PAIR, "Key pair without its key", "provider.key_pair " + provider.setting(KEY_PAIR) + " is an "
                    + "existing EC2 key pair, so its nodes let in only that pair's key, which spotplay does not have. Set "
                    + "ssh.private_key to the private key of " + provider.setting(KEY_PAIR) + ", or leave key_pair out and spotplay "
                    + "imports a key of its own.");
        }
        if (!allowFrom(ssh).isEmpty() && provider.setting("security_group") != null) {
            sshBlock.error("allow_from", "Settings contradict each other", "\"allow_from\" cannot open provider.security_group "
                    + provider.setting("security_group") + ": spotplay uses an existing security group as it is and never changes "
                    + "its rules. Remove allow_from (and let the group's own rules decide), or remove security_group so that "
                    + "spotplay makes one that lets allow_from in.");
        }
    }

    static void checkGroup(Block group, String name) {
        if (group.has("autostop") && "mapping".equals(group.kind("autostop")) && group.string("market").orElse("spot").equals("spot")) {
            group.block("autostop", "\"autostop\" of " + group.where(), null).ifPresent(a -> {
                if (a.has("action") ? "stop".equals(a.scalar("action").orElse("")) : true) {
                    a.error(a.has("action") ? a.at("action") : group.at("autostop"), "Spot nodes cannot stop",
                            "Group \"" + name + "\" is spot, and a spot instance that shuts itself down is terminated, not stopped "
                            + "(EC2 stops spot instances only of persistent requests, which spotplay does not make). Write "
                            + "\"action: terminate\" (the next apply launches them again), or \"market: on-demand\" to keep them stopped.");
                }
            });
        }
        if (group.has("spot_price") && group.string("market").orElse("spot").equals("on-demand")) {
            group.warning(group.keyAt("spot_price"), "Setting ignored", "\"spot_price\" has no effect on an on-demand group.");
        }
    }

    /** {@code ssh.allow_from} as read: CIDRs; empty when not set. */
    @SuppressWarnings("unchecked")
    static List<String> allowFrom(SshConfig ssh) {
        return (List<String>) ssh.settings().getOrDefault("allow_from", List.of());
    }

    private static Optional<?> allowFrom(Block b, String key) {
        return b.strings(key, true, false).map(items -> {
            List<String> out = new ArrayList<>();
            for (Block.Item item : items) {
                String problem = Cidrs.problem(item.text());
                if (problem != null) {
                    b.error(item.at(), "Invalid CIDR", problem);
                }
                out.add(item.text());
            }
            return List.copyOf(out);
        });
    }

    private static void endpoint(Block b, String key, String endpoint) {
        if (!isUrl(endpoint)) {
            b.error(key, "Invalid endpoint", "\"endpoint\" must be a URL such as http://localhost:4566, not \"" + endpoint + "\".");
        }
    }

    /** Each subnet is an id or a network's CIDR block, as EC2 lists it (host bits zero), else no subnet could match it. */
    private static void subnets(Block b, String key) {
        for (Block.Item item : b.stringItems(key)) {
            String subnet = item.text();
            if (SUBNET_ID.matcher(subnet).matches()) {
                continue;
            }
            String problem = subnet.startsWith("subnet-") ? "\"" + subnet + "\" is not a subnet id (subnet- and hexadecimal digits)."
                    : Cidrs.networkProblem(subnet);
            if (problem != null) {
                b.error(item.at(), "Invalid subnet", "\"subnet\" takes subnet ids (subnet-0abc...) or CIDR blocks of "
                        + "subnets (10.0.2.0/24): " + problem);
            }
        }
    }

    private static void securityGroup(Block b, String key, String group) {
        if (!SECURITY_GROUP.matcher(group).matches()) {
            b.error(key, "Invalid security group", "\"security_group\" takes the id of an existing security group, "
                    + "such as sg-0123456789abcdef0, not \"" + group + "\". Leave it out and spotplay makes one for the cluster.");
        }
    }

    private static void address(Block b, String key, String address) {
        if (!ADDRESSES.contains(address)) {
            b.error(key, "Unknown address", "\"address\" must be public (the instance's public IP, the default) or private "
                    + "(its address inside the VPC, for a VPN, a bastion or an emulator), not \"" + address + "\"."
                    + DidYouMean.hint(address, ADDRESSES));
        }
    }

    /** A zone lies in its region, and its name starts with the region's ({@code eu-west-1a} in {@code eu-west-1}). */
    private static void zonesOf(Block b, String region) {
        for (Block.Item item : b.stringItems("availability_zones")) {
            if (!item.text().startsWith(region)) {
                b.error(item.at(), "Zone outside the region", "Zone \"" + item.text() + "\" is not in region " + region
                        + " (provider.region); its zones are named " + region + "a, " + region + "b, ... Fix the zone or the region.");
            }
        }
    }

    private static Optional<?> volume(Block group, String key) {
        return group.block(key, "\"volume\" of " + group.where(), VOLUME_KEYS).map(v -> {
            v.requireKey("size_gb", "the root volume's size in GiB, e.g. \"size_gb: 100\".");
            List<String> types = List.copyOf(VOLUME_SIZES.keySet());
            String type = v.string("type").orElse(DEFAULT_VOLUME_TYPE);
            if (!VOLUME_SIZES.containsKey(type)) {
                v.error("type", "Unknown volume type", "\"type\" must be one of: " + String.join(", ", types)
                        + ", not \"" + type + "\"." + DidYouMean.hint(type, types));
                type = DEFAULT_VOLUME_TYPE;
            }
            int[] range = VOLUME_SIZES.get(type);
            Integer iops = null;
            if (type.equals("io1") || type.equals("io2")) {
                v.requireKey("iops", "an " + type + " volume needs its provisioned IOPS, e.g. \"iops: 3000\" (EC2 refuses the launch without).");
            }
            if (v.has("iops")) {
                int[] allowed = VOLUME_IOPS.get(type);
                if (allowed == null) {
                    v.error("iops", "IOPS not allowed", "a " + type + " volume has no provisioned IOPS; only io1, io2 and gp3 take \"iops\".");
                } else {
                    iops = v.integer("iops", allowed[0], allowed[1]).orElse(null);
                }
            }
            Integer throughput = null;
            if (v.has("throughput")) {
                if (!type.equals("gp3")) {
                    v.error("throughput", "Throughput not allowed", "only a gp3 volume takes \"throughput\" (MiB/s), not " + type + ".");
                } else {
                    throughput = v.integer("throughput", GP3_THROUGHPUT[0], GP3_THROUGHPUT[1]).orElse(null);
                }
            }
            return new Volume(v.integer("size_gb", range[0], range[1]).orElse(0), type, iops, throughput);
        });
    }

    /**
     * The user data: the string as written, or the bytes of {@code {file: path}} (relative to the
     * playbook's folder), read now so that a missing or too large file is reported here. Its
     * text never appears in a message.
     */
    private static Optional<?> userData(Block group, String key) {
        if ("mapping".equals(group.kind(key))) {
            return group.block(key, "\"user_data\" of " + group.where(), List.of("file")).flatMap(f -> {
                f.requireKey("file", "the path of the user data file, relative to the playbook, e.g. \"file: init.sh\".");
                return f.string("file").flatMap(path -> {
                    Path resolved = f.directory().resolve(path).normalize();
                    if (!Files.isRegularFile(resolved)) {
                        f.error("file", "User data file not found", "No file at " + resolved + ". The path is relative to the "
                                + "playbook's folder.");
                        return Optional.empty();
                    }
                    try {
                        if (Files.size(resolved) > USER_DATA_MAX) {
                            f.error("file", "User data too large", resolved + " has " + Files.size(resolved) + " bytes; EC2 takes at most "
                                    + USER_DATA_MAX + " (16 KB) of user data before base64. Keep a small script that fetches the rest.");
                            return Optional.empty();
                        }
                        return Optional.of(UserData.of(Files.readAllBytes(resolved), resolved));
                    } catch (IOException e) {
                        f.error("file", "User data file unreadable", "Cannot read " + resolved + ": " + e.getMessage());
                        return Optional.empty();
                    }
                });
            });
        }
        return group.string(key).flatMap(text -> {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > USER_DATA_MAX) {
                group.error(key, "User data too large", "\"user_data\" has " + bytes.length + " bytes; EC2 takes at most "
                        + USER_DATA_MAX + " (16 KB) of user data before base64. Keep a small script that fetches the rest.");
                return Optional.empty();
            }
            return Optional.of(UserData.of(bytes, null));
        });
    }

    /** A name or an ARN, by form: EC2 itself says whether it exists (at launch). */
    private static void instanceProfile(Block b, String key, String profile) {
        if (profile.startsWith("arn:")) {
            if (!PROFILE_ARN.matcher(profile).matches()) {
                b.error(key, "Invalid instance profile", "\"" + profile + "\" is not an instance profile's ARN, which reads "
                        + "arn:aws:iam::123456789012:instance-profile/NAME (a role's ARN is not one).");
            }
        } else if (!IAM_NAME.matcher(profile).matches()) {
            b.error(key, "Invalid instance profile", "\"iam_instance_profile\" takes an instance profile's name (1 to 128 letters, "
                    + "digits and +=,.@_-) or its ARN (arn:aws:iam::123456789012:instance-profile/NAME), not \"" + profile + "\".");
        }
    }

    private static Optional<?> tags(Block group, String key) {
        return group.block(key, "\"tags\" of " + group.where(), null).map(t -> {
            Map<String, String> tags = new LinkedHashMap<>();
            for (String tag : t.keys()) {
                Optional<String> value = t.scalar(tag);
                if (tag.startsWith("spotplay:")) {
                    t.error(t.keyAt(tag), "Reserved tag", "Tags starting with \"spotplay:\" are set by spotplay itself; "
                            + "rename \"" + tag + "\".");
                } else if (tag.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                    t.error(t.keyAt(tag), "Reserved tag", "Tags starting with \"aws:\" are reserved by AWS, which refuses them; "
                            + "rename \"" + tag + "\".");
                } else if (tag.isEmpty() || tag.length() > TAG_KEY_MAX) {
                    t.error(t.keyAt(tag), "Invalid tag", "A tag's key has 1 to " + TAG_KEY_MAX + " characters, not " + tag.length() + ".");
                } else if (value.isPresent() && value.get().length() > TAG_VALUE_MAX) {
                    t.error(t.at(tag), "Invalid tag", "A tag's value has at most " + TAG_VALUE_MAX + " characters, not "
                            + value.get().length() + ".");
                } else if (value.isEmpty()) {
                    t.error(t.at(tag), "Wrong type for tag \"" + tag + "\"", "A tag's value must be a string, not " + t.kind(tag) + ".");
                } else {
                    tags.put(tag, value.get());
                }
            }
            return java.util.Collections.unmodifiableMap(tags);
        });
    }

    private static boolean isUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Map<String, int[]> volumeSizes() {
        Map<String, int[]> sizes = new LinkedHashMap<>();
        sizes.put("gp2", new int[] {1, 16384});
        sizes.put("gp3", new int[] {1, 16384});
        sizes.put("io1", new int[] {4, 16384});
        sizes.put("io2", new int[] {4, 65536});
        sizes.put("st1", new int[] {125, 16384});
        sizes.put("sc1", new int[] {125, 16384});
        sizes.put("standard", new int[] {1, 1024});
        return java.util.Collections.unmodifiableMap(sizes);
    }

    /**
     * User data as EC2 gets it (the raw bytes; base64 is added on the wire) and its SHA-256, the
     * only form in which it is recorded or shown: it may hold secrets. {@code file} is where it
     * was read from (absolute), or null when written in the playbook.
     */
    record UserData(byte[] bytes, String sha256, Path file) {
        static UserData of(byte[] bytes, Path file) {
            try {
                return new UserData(bytes.clone(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                        file == null ? null : file.toAbsolutePath());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** As the plan shows it and a node records it. */
        String text() {
            return "sha256:" + sha256;
        }

        String base64() {
            return Base64.getEncoder().encodeToString(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UserData u && u.sha256.equals(sha256);
        }

        @Override
        public int hashCode() {
            return sha256.hashCode();
        }

        @Override
        public String toString() {
            return "user data " + text(); // never the text
        }
    }

    /** An EBS root volume; {@code iops} and {@code throughput} null when not given. */
    record Volume(int sizeGb, String type, Integer iops, Integer throughput) {

        /** As the plan shows it and a node records it: {@code 100 GiB gp3, 6000 IOPS, 250 MiB/s}. */
        String text() {
            return sizeGb + " GiB " + type + (iops == null ? "" : ", " + iops + " IOPS") + (throughput == null ? "" : ", " + throughput + " MiB/s");
        }
    }
}
