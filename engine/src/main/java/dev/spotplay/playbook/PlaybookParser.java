package dev.spotplay.playbook;

import dev.spotplay.diag.Diagnostics;
import dev.spotplay.diag.DidYouMean;
import dev.spotplay.module.ModuleCatalog;
import dev.spotplay.transport.LoginNames;
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
    static final List<String> SSH_KEYS = List.of("user", "port", "private_key", "connect_timeout", "start_timeout", "step_timeout", "allow_from");
    static final List<String> STORAGE_KEYS = List.of("type", "mount", "groups");
    static final List<String> ADDRESSES = List.of("public", "private");
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
        SshConfig ssh = ssh(top);
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
        StepParser stepParser = new StepParser(source, diags, modules, ssh.stepTimeout());
        List<Step> steps = stepParser.parse(top);
        if (ProviderConfig.AWS.equals(provider.type()) && !storage.isEmpty()) {
            steps = StorageSteps.prepend(storage, steps, ssh.stepTimeout());
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

    private static boolean isUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private SshConfig ssh(Fields top) {
        SshConfig d = SshConfig.defaults();
        Fields f = Fields.of(source, diags, top.node("ssh"), "\"ssh\"", SSH_KEYS);
        if (f == null) {
            return d;
        }
        // Relative to the playbook's folder, like every local path in a playbook.
        String key = f.string("private_key").map(PlaybookParser::expandHome)
                .map(k -> directory.resolve(k).normalize().toString()).orElse(null);
        List<String> allowFrom = new ArrayList<>();
        f.stringList("allow_from", true, false).ifPresent(items -> {
            for (Node item : items) {
                String cidr = Fields.text(item);
                String problem = Cidrs.problem(cidr);
                if (problem != null) {
                    diags.error(source.at(item), "Invalid CIDR", problem);
                }
                allowFrom.add(cidr);
            }
        });
        String user = f.string("user").orElse(null);
        String userProblem = user == null ? null : LoginNames.userProblem(user);
        if (userProblem != null) {
            f.error("user", "Invalid user name", "\"user\" in \"ssh\": " + userProblem);
        }
        return new SshConfig(userProblem == null ? user : null, f.integer("port", 1, 65535).orElse(0), key,
                f.duration("connect_timeout").orElse(d.connectTimeout()), f.duration("start_timeout").orElse(d.startTimeout()),
                f.duration("step_timeout").orElse(d.stepTimeout()), List.copyOf(allowFrom));
    }

    private static String expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return System.getProperty("user.home") + path.substring(1);
        }
        return path;
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
            } else if (!mount.codePoints().allMatch(c -> c > ' ' && c != 0x7f && !Character.isSpaceChar(c))) {
                // It becomes a field of an /etc/fstab line: a space or a line break would write other fields, or another mount.
                f.error("mount", "Invalid mount path", "\"mount\" must be a path without spaces or control characters, such as /mnt/"
                        + name + ", not " + LoginNames.show(mount) + ".");
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
