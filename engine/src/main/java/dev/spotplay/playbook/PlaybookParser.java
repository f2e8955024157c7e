package dev.spotplay.playbook;

import dev.spotplay.diag.Diagnostics;
import dev.spotplay.diag.DidYouMean;
import dev.spotplay.diag.SourceRange;
import dev.spotplay.module.ModuleCatalog;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Builds a {@link Playbook} from the root mapping, collecting every error into {@code diags}. */
final class PlaybookParser {
    static final List<String> TOP_KEYS = List.of("name", "provider", "ssh", "vars", "groups", "storage", "steps");
    static final Pattern CLUSTER_NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");
    static final List<String> PROVIDERS = List.of(ProviderConfig.LOCAL, ProviderConfig.AWS, ProviderConfig.STATIC);
    static final Map<String, List<String>> PROVIDER_KEYS = Map.of(
            ProviderConfig.LOCAL, List.of("type"),
            ProviderConfig.AWS, List.of("type", "region", "profile", "endpoint", "subnet", "availability_zones", "key_pair", "security_group",
                    "address"),
            ProviderConfig.STATIC, List.of("type", "inventory"));
    static final List<String> STORAGE_KEYS = List.of("type", "mount", "groups");
    static final List<String> ADDRESSES = List.of("public", "private");
    static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-f]{8,17}");
    static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-f]{8,17}");
    static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Source source;
    private final Diagnostics diags;
    private final Path directory;

    PlaybookParser(Source source, Diagnostics diags, Path directory) {
        this.source = source;
        this.diags = diags;
        this.directory = directory;
    }

    Playbook parse(MappingNode root, Path file, ModuleCatalog modules) {
        Fields top = new Fields(source, diags, root, "the playbook", TOP_KEYS);
        top.requireKey("name", "the cluster's name, e.g. \"name: demo\" (lowercase letters, digits, hyphens).");
        String name = top.string("name").orElse("");
        if (top.has("name") && !name.isEmpty() && !CLUSTER_NAME.matcher(name).matches()) {
            top.error("name", "Invalid cluster name", "\"" + name + "\" is not a valid cluster name: start with a lowercase letter, "
                    + "then up to 30 lowercase letters, digits or hyphens.");
        }
        ProviderConfig provider = provider(top);
        SshConfig ssh = new SshParser(source, diags, directory).parse(top, provider);
        Map<String, Object> vars = vars(top);

        GroupParser groupParser = new GroupParser(source, diags, provider.type());
        List<Group> groups = groupParser.parse(top);
        List<GroupParser.Ref> storageRefs = new ArrayList<>();
        List<Storage> storage = storage(top, storageRefs);
        if (!storage.isEmpty() && !ProviderConfig.AWS.equals(provider.type())) {
            diags.error(top.at("storage"), "Storage needs the aws provider",
                    "Shared storage (type efs) is created by the aws provider; the " + provider.type()
                            + " provider cannot provide it. Remove \"storage\" or use provider type aws.");
        }
        StepParser stepParser = new StepParser(source, diags, modules, ssh.stepTimeout(), directory);
        List<Step> steps = stepParser.parse(top);
        if (ProviderConfig.AWS.equals(provider.type()) && !storage.isEmpty()) {
            for (Storage s : storage) {
                steps.stream().filter(st -> st.name().equals(StorageSteps.stepName(s))).findFirst().ifPresent(st ->
                        diags.error(st.at(), "Duplicate step name", "The step name \"" + st.name() + "\" is the step spotplay adds to "
                                + "mount storage \"" + s.name() + "\" (line " + s.at().line() + "); step names must be unique. Rename the step."));
            }
            steps = StorageSteps.prepend(storage, steps, ssh.stepTimeout());
        }

        if (ProviderConfig.AWS.equals(provider.type()) && provider.setting("key_pair") != null && ssh.privateKey() == null) {
            diags.error(providerKeyAt(top), "Key pair without its key", "provider.key_pair " + provider.setting("key_pair") + " is an "
                    + "existing EC2 key pair, so its nodes let in only that pair's key, which spotplay does not have. Set "
                    + "ssh.private_key to the private key of " + provider.setting("key_pair") + ", or leave key_pair out and spotplay "
                    + "imports a key of its own.");
        }
        ReferenceChecker refs = new ReferenceChecker(source, diags, groupParser.names);
        refs.groups(groupParser.afterRefs, false);
        refs.after(groups, groupParser.afterRefs);
        refs.groups(stepParser.groupRefs, true);
        refs.groups(storageRefs, true);
        refs.templates(stepParser.templates, vars);
        return new Playbook(file, name, provider, ssh, vars, groups, storage, steps);
    }

    private ProviderConfig provider(Fields top) {
        Fields peek = Fields.of(source, diags, top.node("provider"), "\"provider\"", null);
        if (peek == null) {
            return new ProviderConfig(ProviderConfig.LOCAL, Map.of());
        }
        String type = peek.string("type").orElse(ProviderConfig.LOCAL);
        List<String> allowed = PROVIDER_KEYS.get(type);
        if (allowed == null) {
            peek.error("type", "Unknown provider", "\"type\" must be one of: " + String.join(", ", PROVIDERS) + ", not \"" + type + "\"."
                    + DidYouMean.hint(type, PROVIDERS));
            return new ProviderConfig(type, Map.of());
        }
        Fields f = new Fields(source, diags, top.node("provider"), "\"provider\" of type " + type, allowed);
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String key : f.keys()) {
            if (key.equals("type") || !f.has(key)) {
                continue;
            }
            if (key.equals("availability_zones") || key.equals("subnet")) {
                f.stringList(key, true, true).ifPresent(zones -> settings.put(key, Fields.texts(zones)));
            } else {
                f.string(key).ifPresent(v -> settings.put(key, v));
            }
        }
        if (settings.get("endpoint") instanceof String endpoint && !isUrl(endpoint)) {
            f.error("endpoint", "Invalid endpoint", "\"endpoint\" must be a URL such as http://localhost:4566, not \"" + endpoint + "\".");
        }
        if (f.has("subnet")) {
            subnets(f);
        }
        if (settings.get("security_group") instanceof String group && !SECURITY_GROUP.matcher(group).matches()) {
            f.error("security_group", "Invalid security group", "\"security_group\" takes the id of an existing security group, "
                    + "such as sg-0123456789abcdef0, not \"" + group + "\". Leave it out and spotplay makes one for the cluster.");
        }
        if (settings.get("region") instanceof String region && settings.get("availability_zones") instanceof List<?>) {
            zonesOf(f, region);
        }
        if (settings.get("address") instanceof String address && !ADDRESSES.contains(address)) {
            f.error("address", "Unknown address", "\"address\" must be public (the instance's public IP, the default) or private "
                    + "(its address inside the VPC, for a VPN, a bastion or an emulator), not \"" + address + "\"."
                    + DidYouMean.hint(address, ADDRESSES));
        }
        if (type.equals(ProviderConfig.STATIC)) {
            f.requireKey("inventory", "the Ansible inventory file of the hosts, relative to the playbook's folder.");
            if (settings.get("inventory") instanceof String inventory) {
                Path resolved = directory.resolve(inventory).normalize();
                if (!Files.isRegularFile(resolved)) {
                    f.error("inventory", "Inventory not found", "No inventory file at " + resolved
                            + ". The path is relative to the playbook's folder.");
                }
                settings.put("inventory", resolved.toString());
            }
        }
        return new ProviderConfig(type, settings);
    }

    /** Each subnet is an id or a network's CIDR block, as EC2 lists it (host bits zero), else no subnet could match it. */
    private void subnets(Fields f) {
        for (Node item : oneOrMany(f.node("subnet"))) {
            if (!Nodes.isString(item)) {
                continue;
            }
            String subnet = Fields.text(item);
            if (SUBNET_ID.matcher(subnet).matches()) {
                continue;
            }
            String problem = subnet.startsWith("subnet-") ? "\"" + subnet + "\" is not a subnet id (subnet- and hexadecimal digits)."
                    : Cidrs.networkProblem(subnet);
            if (problem != null) {
                diags.error(source.at(item), "Invalid subnet", "\"subnet\" takes subnet ids (subnet-0abc...) or CIDR blocks of "
                        + "subnets (10.0.2.0/24): " + problem);
            }
        }
    }

    /** A zone lies in its region, and its name starts with the region's ({@code eu-west-1a} in {@code eu-west-1}). */
    private void zonesOf(Fields f, String region) {
        for (Node item : oneOrMany(f.node("availability_zones"))) {
            if (Nodes.isString(item) && !Fields.text(item).startsWith(region)) {
                diags.error(source.at(item), "Zone outside the region", "Zone \"" + Fields.text(item) + "\" is not in region " + region
                        + " (provider.region); its zones are named " + region + "a, " + region + "b, ... Fix the zone or the region.");
            }
        }
    }

    private SourceRange providerKeyAt(Fields top) {
        Fields f = new Fields(source, new Diagnostics(), top.node("provider"), "", null);
        return f.at("key_pair");
    }

    /** The items of a list, or a single string as a list of one; nothing for another kind (already reported). */
    private static List<Node> oneOrMany(Node node) {
        return node instanceof SequenceNode seq ? seq.getValue() : Nodes.isString(node) ? List.of(node) : List.of();
    }

    private static boolean isUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Vars hold plain values only: a var that were a template would need an evaluation order. */
    private Map<String, Object> vars(Fields top) {
        Map<String, Object> vars = new LinkedHashMap<>();
        Fields f = Fields.of(source, diags, top.node("vars"), "\"vars\"", null);
        if (f == null) {
            return vars;
        }
        for (String name : f.keys()) {
            if (!VAR_NAME.matcher(name).matches()) {
                diags.error(f.keyAt(name), "Invalid variable name", "\"" + name + "\" is not a valid variable name: use letters, "
                        + "digits and underscores, starting with a letter or underscore.");
            } else if (name.equals("node") || name.equals("groups") || name.equals("storage")) {
                diags.error(f.keyAt(name), "Reserved variable name", "\"" + name + "\" is reserved for "
                        + (name.equals("node") ? "node facts ({{ node.name }})" : name.equals("groups") ? "group lists ({{ groups.worker }})"
                        : "shared storage facts ({{ storage.shared.address }})") + "; rename it.");
            }
            Node template = findTemplate(f.node(name));
            if (template != null) {
                diags.error(source.at(template), "Template in vars", "Variables may not contain {{ }} templates; "
                        + "write the value out, or use the template in the step instead.");
            }
            vars.put(name, Nodes.toJava(f.node(name)));
        }
        return vars;
    }

    private static Node findTemplate(Node node) {
        if (node instanceof ScalarNode s) {
            return Nodes.isString(s) && Templates.hasTemplate(s.getValue()) ? s : null;
        }
        List<Node> children = new ArrayList<>();
        if (node instanceof SequenceNode seq) {
            children.addAll(seq.getValue());
        } else if (node instanceof MappingNode m) {
            m.getValue().forEach(t -> children.add(t.getValueNode()));
        }
        for (Node child : children) {
            Node found = findTemplate(child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private List<Storage> storage(Fields top, List<GroupParser.Ref> refs) {
        List<Storage> out = new ArrayList<>();
        Fields all = Fields.of(source, diags, top.node("storage"), "\"storage\"", null);
        if (all == null) {
            return out;
        }
        Map<String, String> mounts = new LinkedHashMap<>();
        for (String name : all.keys()) {
            if (!GroupParser.NAME.matcher(name).matches()) {
                diags.error(all.keyAt(name), "Invalid storage name", "\"" + name + "\": a storage name starts with a letter and has "
                        + "only letters, digits and hyphens.");
            }
            Fields f = Fields.of(source, diags, all.node(name), "storage \"" + name + "\"", STORAGE_KEYS);
            if (f == null) {
                continue;
            }
            String type = f.string("type").orElse("efs");
            if (!type.equals("efs")) {
                f.error("type", "Unknown storage type", "\"type\" must be efs (the only storage type), not \"" + type + "\".");
            }
            f.requireKey("mount", "the absolute path where it is mounted on the nodes, e.g. \"mount: /mnt/shared\".");
            String mount = f.string("mount").orElse("");
            if (f.has("mount") && !mount.isEmpty() && !mount.startsWith("/")) {
                f.error("mount", "Mount path not absolute", "\"mount\" must be an absolute path such as /mnt/" + name + ", not \"" + mount + "\".");
            } else if (f.has("mount") && (mount.replaceAll("/+$", "").isEmpty() || mount.chars().anyMatch(c -> Character.isWhitespace(c) || c < 0x20))) {
                f.error("mount", "Invalid mount path", "\"mount\" must be a folder such as /mnt/" + name + ": not the root folder, and "
                        + "without spaces or control characters (it is a field of an fstab line), not \"" + mount + "\".");
            } else if (f.has("mount") && !mount.isEmpty()) {
                String normal = Path.of(mount).normalize().toString();
                String other = mounts.putIfAbsent(normal, name);
                if (other != null) {
                    f.error("mount", "Two storages on one folder", "Storage \"" + name + "\" mounts on " + normal + ", where storage \""
                            + other + "\" is mounted already; give each storage a folder of its own.");
                }
            }
            List<String> groups = f.stringList("groups", true, true).map(nodes -> {
                nodes.forEach(n -> refs.add(new GroupParser.Ref(Fields.text(n), n, "storage \"" + name + "\"")));
                return Fields.texts(nodes);
            }).orElse(List.of("all"));
            out.add(new Storage(name, type, mount, groups, all.keyAt(name)));
        }
        return out;
    }
}
