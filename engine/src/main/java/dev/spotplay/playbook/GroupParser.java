package dev.spotplay.playbook;

import dev.spotplay.diag.Diagnostics;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Reads {@code groups:}. References in {@code after} are collected for {@link ReferenceChecker}. */
final class GroupParser {
    /** Letter first, no trailing digit or hyphen, so that {@code worker001} splits back into group and index. */
    static final Pattern NAME = Pattern.compile("[A-Za-z]([A-Za-z0-9-]*[A-Za-z])?");
    /** A static group is an inventory group, named as Ansible names them; its nodes keep their inventory names. */
    static final Pattern STATIC_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    static final List<String> KEYS = List.of("count", "min_count", "market", "instance_type", "image",
            "spot_price", "volume", "tags", "after");
    static final List<String> MARKETS = List.of("spot", "on-demand");
    static final List<String> VOLUME_KEYS = List.of("size_gb", "type");
    static final List<String> VOLUME_TYPES = List.of("gp2", "gp3", "io1", "io2", "st1", "sc1", "standard");
    /** EBS's size limits in GiB per volume type, so that a size EC2 would refuse is refused before anything launches. */
    static final Map<String, int[]> VOLUME_SIZES = Map.of("gp2", new int[] {1, 16384}, "gp3", new int[] {1, 16384},
            "io1", new int[] {4, 16384}, "io2", new int[] {4, 65536}, "st1", new int[] {125, 16384}, "sc1", new int[] {125, 16384},
            "standard", new int[] {1, 1024});
    /** EC2's limits on tags: keys up to 128 characters, values up to 256, and no key starting "aws:". */
    static final int TAG_KEY_MAX = 128;
    static final int TAG_VALUE_MAX = 256;

    /** A name used somewhere that must be a group. */
    record Ref(String name, Node node, String owner) {}

    private final Source source;
    private final Diagnostics diags;
    private final String provider;
    final List<String> names = new ArrayList<>();
    final List<Ref> afterRefs = new ArrayList<>();

    GroupParser(Source source, Diagnostics diags, String provider) {
        this.source = source;
        this.diags = diags;
        this.provider = provider;
    }

    List<Group> parse(Fields top) {
        Node node = top.node("groups");
        if (!top.has("groups") || (node instanceof MappingNode m && m.getValue().isEmpty())) {
            diags.error(top.has("groups") ? top.at("groups") : top.self(), "No groups",
                    "A playbook needs \"groups:\" with at least one group, e.g.\n  groups:\n    worker:\n      count: 2");
            return List.of();
        }
        if (!(node instanceof MappingNode map)) {
            top.error("groups", "Expected a mapping",
                    "\"groups\" must map each group's name to its settings, not be a " + Nodes.kind(node) + ".");
            return List.of();
        }
        List<Group> groups = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            String name = ((ScalarNode) t.getKeyNode()).getValue();
            if ("all".equals(name)) {
                diags.error(source.at(t.getKeyNode()), "Reserved group name",
                        "\"all\" stands for every group in steps and storage; name the group something else.");
            } else if (ProviderConfig.STATIC.equals(provider)) {
                if (!STATIC_NAME.matcher(name).matches()) {
                    diags.error(source.at(t.getKeyNode()), "Invalid group name",
                            "Group \"" + name + "\": with the static provider a group is the inventory group of the same name, "
                                    + "which starts with a letter or underscore and has only letters, digits, underscores and hyphens.");
                }
            } else if (!NAME.matcher(name).matches()) {
                diags.error(source.at(t.getKeyNode()), "Invalid group name",
                        "Group \"" + name + "\": a group name starts with a letter, has only letters, digits and hyphens, "
                                + "and does not end in a digit or hyphen (node names append a number, e.g. worker001).");
            }
            names.add(name);
            Fields f = Fields.of(source, diags, t.getValueNode(), "group \"" + name + "\"", KEYS);
            if (f != null) {
                groups.add(group(name, f, t.getKeyNode()));
            }
        }
        return groups;
    }

    private Group group(String name, Fields f, Node keyNode) {
        boolean fromInventory = ProviderConfig.STATIC.equals(provider);
        if (!fromInventory) {
            f.requireKey("count", "how many nodes it has, e.g. \"count: 2\".");
        }
        int count = f.integer("count", 0, 1000).orElse(fromInventory ? Group.COUNT_FROM_PROVIDER : 0);
        int minCount = f.integer("min_count", 0, 1000).orElse(count);
        if (minCount > count && f.has("min_count") && f.has("count")) {
            f.error("min_count", "Value out of range",
                    "\"min_count\" (" + minCount + ") may not exceed \"count\" (" + count + ") in group \"" + name + "\": it is the "
                            + "fewest nodes that still count as success, from 0 to " + count + ".");
        }
        if (count != Group.COUNT_FROM_PROVIDER) {
            minCount = Math.min(minCount, count);
        }
        String market = f.string("market").orElse("spot");
        if (!MARKETS.contains(market)) {
            f.error("market", "Unknown market", "\"market\" must be one of: spot, on-demand, not \"" + market + "\"."
                    + dev.spotplay.diag.DidYouMean.hint(market, MARKETS));
        }
        List<String> types = instanceTypes(f);
        String image = f.string("image").orElse("");
        if (ProviderConfig.AWS.equals(provider)) {
            f.requireKey("instance_type", "the aws provider needs the EC2 instance type, e.g. \"instance_type: t3.small\".");
            f.requireKey("image", "the aws provider needs the machine image, e.g. \"image: ami-0123456789abcdef0\".");
        }
        BigDecimal spotPrice = f.positiveDecimal("spot_price").orElse(null);
        if (f.has("spot_price") && !ProviderConfig.AWS.equals(provider)) {
            diags.warning(f.keyAt("spot_price"), "Setting ignored",
                    "\"spot_price\" only applies to the aws provider; the " + provider + " provider ignores it.");
        }
        if (f.has("spot_price") && "on-demand".equals(market)) {
            diags.warning(f.keyAt("spot_price"), "Setting ignored", "\"spot_price\" has no effect on an on-demand group.");
        }
        Group.Volume volume = volume(name, f);
        Map<String, String> tags = tags(name, f);
        List<String> after = new ArrayList<>();
        f.stringList("after", true, false).ifPresent(items -> {
            for (Node item : items) {
                afterRefs.add(new Ref(Fields.text(item), item, name));
                after.add(Fields.text(item));
            }
        });
        return new Group(name, count, minCount, market, types, image, spotPrice, volume,
                tags, List.copyOf(after), source.at(keyNode));
    }

    private List<String> instanceTypes(Fields f) {
        return f.stringList("instance_type", true, true).map(Fields::texts).orElse(List.of());
    }

    private Group.Volume volume(String group, Fields f) {
        if (!f.has("volume")) {
            return null;
        }
        Fields v = Fields.of(source, diags, f.node("volume"), "\"volume\" of group \"" + group + "\"", VOLUME_KEYS);
        if (v == null) {
            return null;
        }
        v.requireKey("size_gb", "the root volume's size in GiB, e.g. \"size_gb: 100\".");
        String type = v.string("type").orElse("gp3");
        if (!VOLUME_TYPES.contains(type)) {
            v.error("type", "Unknown volume type", "\"type\" must be one of: " + String.join(", ", VOLUME_TYPES)
                    + ", not \"" + type + "\"." + dev.spotplay.diag.DidYouMean.hint(type, VOLUME_TYPES));
            type = "gp3";
        }
        int[] range = VOLUME_SIZES.get(type);
        int size = v.integer("size_gb", range[0], range[1]).orElse(0);
        return new Group.Volume(size, type);
    }

    private Map<String, String> tags(String group, Fields f) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (!f.has("tags")) {
            return tags;
        }
        Fields t = Fields.of(source, diags, f.node("tags"), "\"tags\" of group \"" + group + "\"", null);
        if (t == null) {
            return tags;
        }
        for (String key : t.keys()) {
            Node value = t.node(key);
            if (key.startsWith("spotplay:")) {
                diags.error(t.keyAt(key), "Reserved tag", "Tags starting with \"spotplay:\" are set by spotplay itself; "
                        + "rename \"" + key + "\".");
            } else if (key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                diags.error(t.keyAt(key), "Reserved tag", "Tags starting with \"aws:\" are reserved by AWS, which refuses them; "
                        + "rename \"" + key + "\".");
            } else if (key.isEmpty() || key.length() > TAG_KEY_MAX) {
                diags.error(t.keyAt(key), "Invalid tag", "A tag's key has 1 to " + TAG_KEY_MAX + " characters, not " + key.length() + ".");
            } else if (value instanceof ScalarNode sv && !Nodes.isNull(value) && sv.getValue().length() > TAG_VALUE_MAX) {
                diags.error(t.at(key), "Invalid tag", "A tag's value has at most " + TAG_VALUE_MAX + " characters, not "
                        + sv.getValue().length() + ".");
            } else if (!(value instanceof ScalarNode s) || Nodes.isNull(value)) {
                diags.error(t.at(key), "Wrong type for tag \"" + key + "\"",
                        "A tag's value must be a string, not " + Nodes.kind(value) + ".");
            } else {
                tags.put(key, s.getValue());
            }
        }
        return tags;
    }
}
