package dev.spotplay.playbook;

import dev.spotplay.diag.Diagnostics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads {@code groups:}: the common keys here, the provider's through its {@link ProviderLanguage}.
 * References in {@code after} are collected for {@link ReferenceChecker}.
 */
final class GroupParser {
    /** Letter first, no trailing digit or hyphen, so that {@code worker001} splits back into group and index. */
    static final Pattern NAME = Pattern.compile("[A-Za-z]([A-Za-z0-9-]*[A-Za-z])?");
    static final String NAME_RULE = "a group name starts with a letter, has only letters, digits and hyphens, "
            + "and does not end in a digit or hyphen (node names append a number, e.g. worker001).";

    /** A name used somewhere that must be a group. */
    record Mention(String name, Node node, String owner) {}

    private final Source source;
    private final Diagnostics diags;
    private final Path directory;
    private final ProviderLanguages languages;
    private final ProviderLanguage language;
    private final List<String> keys = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    final List<Mention> afterMentions = new ArrayList<>();

    GroupParser(Source source, Diagnostics diags, Path directory, ProviderLanguages languages, ProviderLanguage language) {
        this.source = source;
        this.diags = diags;
        this.directory = directory;
        this.languages = languages;
        this.language = language;
        keys.addAll(List.of("count", "min_count"));
        keys.addAll(Keys.names(languages.all(), ProviderLanguage::groupKeys));
        keys.add("after");
        keys.add("replace");
        keys.add("extends");
    }

    /**
     * {@code profiles:}: named sets of group settings a group takes with {@code extends: NAME}
     * (or a list, the first named wins), as Spot Connect's named profiles and compose files'
     * extension fields share settings. A group's own key wins over its profiles'. Each value keeps
     * its place in the file, so a mistake in a profile is reported at the profile's line.
     */
    private Map<String, MappingNode> profiles(Fields top) {
        Map<String, MappingNode> out = new java.util.LinkedHashMap<>();
        Node node = top.node("profiles");
        if (node == null || Nodes.isNull(node)) {
            return out;
        }
        if (!(node instanceof MappingNode map)) {
            top.error("profiles", "Expected a mapping", "\"profiles\" must map each profile's name to group settings, not be a "
                    + Nodes.kind(node) + ".");
            return out;
        }
        for (NodeTuple t : map.getValue()) {
            String name = ((ScalarNode) t.getKeyNode()).getValue();
            if (t.getValueNode() instanceof MappingNode m) {
                if (m.getValue().stream().anyMatch(x -> "extends".equals(((ScalarNode) x.getKeyNode()).getValue()))) {
                    diags.error(source.at(t.getKeyNode()), "Profile extends", "Profile \"" + name + "\" may not extend another: "
                            + "list both in the group's \"extends\" instead.");
                }
                out.put(name, m);
            } else {
                diags.error(source.at(t.getValueNode()), "Expected a mapping", "Profile \"" + name + "\" must be a mapping of group "
                        + "settings, not a " + Nodes.kind(t.getValueNode()) + ".");
            }
        }
        return out;
    }

    /** The group's settings with its profiles' filled in, or the node as it is when it extends nothing. */
    private Node withProfiles(String group, Node node, Map<String, MappingNode> profiles) {
        if (!(node instanceof MappingNode m)) {
            return node;
        }
        NodeTuple ext = m.getValue().stream().filter(t -> "extends".equals(((ScalarNode) t.getKeyNode()).getValue())).findFirst().orElse(null);
        if (ext == null) {
            return node;
        }
        List<Node> names = ext.getValueNode() instanceof org.snakeyaml.engine.v2.nodes.SequenceNode seq ? seq.getValue() : List.of(ext.getValueNode());
        List<NodeTuple> tuples = new ArrayList<>();
        java.util.Set<String> present = new java.util.HashSet<>();
        for (NodeTuple t : m.getValue()) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            if (!key.equals("extends")) {
                tuples.add(t);
                present.add(key);
            }
        }
        for (Node n : names) {
            if (!Nodes.isString(n)) {
                diags.error(source.at(n), "Wrong type", "\"extends\" in group \"" + group + "\" names profiles, not a " + Nodes.kind(n) + ".");
                continue;
            }
            String name = ((ScalarNode) n).getValue();
            MappingNode profile = profiles.get(name);
            if (profile == null) {
                diags.error(source.at(n), "Unknown profile", "Group \"" + group + "\" extends \"" + name + "\", which \"profiles\" does not "
                        + "define." + dev.spotplay.diag.DidYouMean.hint(name, List.copyOf(profiles.keySet()))
                        + (profiles.isEmpty() ? " Define it under \"profiles:\"." : " Profiles: " + String.join(", ", profiles.keySet()) + "."));
                continue;
            }
            for (NodeTuple t : profile.getValue()) {
                if (present.add(((ScalarNode) t.getKeyNode()).getValue())) {
                    tuples.add(t);
                }
            }
        }
        return new MappingNode(m.getTag(), true, tuples, m.getFlowStyle(), m.getStartMark(), m.getEndMark());
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
        Map<String, MappingNode> profiles = profiles(top);
        for (NodeTuple t : map.getValue()) {
            String name = ((ScalarNode) t.getKeyNode()).getValue();
            if ("all".equals(name)) {
                diags.error(source.at(t.getKeyNode()), "Reserved group name",
                        "\"all\" stands for every group in steps and storage; name the group something else.");
            } else {
                ProviderLanguage.NameRule rule = language.groupNames().orElse(new ProviderLanguage.NameRule(NAME, NAME_RULE));
                if (!rule.pattern().matcher(name).matches()) {
                    diags.error(source.at(t.getKeyNode()), "Invalid group name", "Group \"" + name + "\": " + rule.detail());
                }
            }
            names.add(name);
            Fields f = Fields.of(source, diags, withProfiles(name, t.getValueNode(), profiles), "group \"" + name + "\"", keys);
            if (f != null) {
                groups.add(group(name, f, t.getKeyNode()));
            }
        }
        return groups;
    }

    private Group group(String name, Fields f, Node keyNode) {
        boolean counted = language.membership() == Membership.COUNTED;
        if (counted) {
            f.requireKey("count", "how many nodes it has, e.g. \"count: 2\".");
        }
        OptionalInt count = optional(f.integer("count", 0, 1000));
        if (counted && count.isEmpty()) {
            count = OptionalInt.of(0); // reported
        }
        OptionalInt minCount = optional(f.integer("min_count", 0, 1000));
        if (minCount.isPresent() && count.isPresent() && minCount.getAsInt() > count.getAsInt()) {
            if (f.has("count")) {
                f.error("min_count", "Value out of range", "\"min_count\" (" + minCount.getAsInt() + ") may not exceed \"count\" ("
                        + count.getAsInt() + ") in group \"" + name + "\": it is the fewest nodes that still count as success, from 0 to "
                        + count.getAsInt() + ".");
            }
            minCount = count;
        }
        if (minCount.isEmpty()) {
            minCount = count;
        }
        Block block = new Block(f, source, diags, directory);
        Map<String, Object> settings = Keys.read(block, language.groupKeys());
        Keys.ignored(block, language.type(), languages.all(), ProviderLanguage::groupKeys);
        language.checkGroup(block, name);
        List<String> after = new ArrayList<>();
        f.stringList("after", true, false).ifPresent(items -> {
            for (Node item : items) {
                afterMentions.add(new Mention(Fields.text(item), item, name));
                after.add(Fields.text(item));
            }
        });
        Group.Replacement replace = Group.Replacement.WAVES;
        java.util.Optional<String> how = f.string("replace");
        if (how.isPresent()) {
            replace = java.util.Arrays.stream(Group.Replacement.values()).filter(r -> r.word().equals(how.get())).findFirst().orElse(null);
            if (replace == null) {
                f.error("replace", "Invalid value", "\"replace\" in group \"" + name + "\" is \"" + how.get()
                        + "\"; allowed: waves (the default: new nodes up and set up before the old go, min_count kept up), all-at-once."
                        + dev.spotplay.diag.DidYouMean.hint(how.get(), List.of("waves", "all-at-once")));
                replace = Group.Replacement.WAVES;
            }
        }
        return new Group(name, count, minCount, settings, List.copyOf(after), replace, source.at(keyNode));
    }

    private static OptionalInt optional(java.util.Optional<Integer> value) {
        return value.map(OptionalInt::of).orElse(OptionalInt.empty());
    }
}
