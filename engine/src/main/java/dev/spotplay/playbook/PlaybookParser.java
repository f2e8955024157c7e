package dev.spotplay.playbook;

import dev.spotplay.diag.Diagnostics;
import dev.spotplay.diag.DidYouMean;
import dev.spotplay.module.ModuleCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Builds a {@link Playbook} from the root mapping, collecting every error into {@code diags}. It
 * reads the common language; each provider-owned block or key goes to the {@link ProviderLanguage}
 * that declares it.
 */
final class PlaybookParser {
    static final List<String> TOP_KEYS = List.of("name", "state", "provider", "ssh", "vars", "profiles", "groups", "storage", "steps");
    /** A URL's user-info with a password: {@code postgresql://alice:secret@db/x}. */
    private static final java.util.regex.Pattern URL_PASSWORD = java.util.regex.Pattern.compile("(?s)[A-Za-z][A-Za-z0-9+.-]*://[^/@]*:[^/@]*@.*");
    static final Pattern CLUSTER_NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");
    static final List<String> STORAGE_KEYS = List.of("type", "mount", "groups");
    static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Source source;
    private final Diagnostics diags;
    private final Path directory;
    private final ProviderLanguages languages;
    /** The {@code provider:} block as its language read it; an empty one when there is none or its type is unknown. */
    private Block providerBlock;

    PlaybookParser(Source source, Diagnostics diags, Path directory, ProviderLanguages languages) {
        this.source = source;
        this.diags = diags;
        this.directory = directory;
        this.languages = languages;
    }

    /**
     * {@code state:}, where the cluster's state lives (a team's database); never a password, which
     * only libpq's environment or ~/.pgpass may hold.
     */
    private Optional<String> state(Fields top) {
        if (!top.has("state")) {
            return Optional.empty();
        }
        Optional<String> value = top.string("state").map(String::strip);
        if (value.isPresent() && value.get().isEmpty()) {
            top.error("state", "Empty state location", "Write where the state lives, e.g. \"state: postgresql://db.example:5432/spotplay\", or leave the key out.");
            return Optional.empty();
        }
        if (value.isPresent() && URL_PASSWORD.matcher(value.get()).matches()) {
            dev.spotplay.diag.SourceRange at = top.at("state");
            // the source line is shown under the message: without the password
            String shown = at.sourceLine() == null ? null : at.sourceLine().replaceAll("(://[^/@:\\s]*:)[^/@\\s]*@", "$1****@");
            diags.error(new dev.spotplay.diag.SourceRange(at.file(), at.line(), at.column(), shown), "Password in the playbook",
                    "A playbook is shared and versioned: put the password in PGPASSWORD or ~/.pgpass"
                    + " (or the file PGPASSFILE names), and write the location without it, e.g. \"state: postgresql://db.example:5432/spotplay\".");
            return Optional.empty();
        }
        return value;
    }

    Playbook parse(MappingNode root, Path file, ModuleCatalog modules) {
        Fields top = new Fields(source, diags, root, "the playbook", TOP_KEYS);
        top.requireKey("name", "the cluster's name, e.g. \"name: demo\" (lowercase letters, digits, hyphens).");
        String name = top.string("name").orElse("");
        if (top.has("name") && !name.isEmpty() && !CLUSTER_NAME.matcher(name).matches()) {
            top.error("name", "Invalid cluster name", "\"" + name + "\" is not a valid cluster name: start with a lowercase letter, "
                    + "then up to 30 lowercase letters, digits or hyphens.");
        }
        providerBlock = new Block(new Fields(source, new Diagnostics(), null, "\"provider\"", null), source, diags, directory);
        ProviderConfig provider = provider(top);
        // An unknown type is reported already; the rest is read as the default provider's, so its mistakes show too.
        ProviderLanguage language = languages.find(provider.type()).orElse(languages.defaultLanguage());
        SshParser sshParser = new SshParser(source, diags, directory, languages);
        SshConfig ssh = sshParser.parse(top, provider, language);
        language.check(provider, providerBlock, ssh, sshParser.block());
        Map<String, Object> vars = vars(top);

        GroupParser groupParser = new GroupParser(source, diags, directory, languages, language);
        List<Group> groups = groupParser.parse(top);
        List<GroupParser.Mention> storageMentions = new ArrayList<>();
        Map<Storage, StorageKind> storage = storage(top, storageMentions, language);
        StepParser stepParser = new StepParser(source, diags, modules, ssh.stepTimeout(), directory);
        List<Step> steps = stepParser.parse(top);
        if (!storage.isEmpty()) {
            steps = new ProvidedSteps(diags, modules, ssh.stepTimeout()).prepend(storage, steps);
        }
        steps = new ProvidedSteps(diags, modules, ssh.stepTimeout()).prependGroupSteps(groups, language, ssh, steps);
        if (!sshParser.authorizedKeys.isEmpty()) {
            steps = new ProvidedSteps(diags, modules, ssh.stepTimeout()).prependKeys(sshParser.authorizedKeys, steps);
        }
        ReferenceChecker mentions = new ReferenceChecker(source, diags, groupParser.names, language.nodeVariables());
        mentions.groups(groupParser.afterMentions, false);
        mentions.after(groups, groupParser.afterMentions);
        mentions.groups(stepParser.groupMentions, true);
        mentions.groups(storageMentions, true);
        mentions.groups(sshParser.toMentions, false);
        mentions.templates(stepParser.templates, vars);
        return new Playbook(file, name, provider, ssh, vars, groups, List.copyOf(storage.keySet()), steps, state(top), mentions.deferred);
    }

    private ProviderConfig provider(Fields top) {
        Fields peek = Fields.of(source, diags, top.node("provider"), "\"provider\"", null);
        ProviderLanguage fallback = languages.defaultLanguage();
        if (peek == null) {
            return new ProviderConfig(fallback.type(), Map.of(), fallback.membership());
        }
        String type = peek.string("type").orElse(fallback.type());
        ProviderLanguage language = languages.find(type).orElse(null);
        if (language == null) {
            peek.error("type", "Unknown provider", "\"type\" must be one of: " + String.join(", ", languages.types()) + ", not \""
                    + type + "\"." + DidYouMean.hint(type, languages.types()));
            return new ProviderConfig(type, Map.of(), fallback.membership());
        }
        List<String> allowed = new ArrayList<>(List.of("type"));
        language.providerKeys().forEach(k -> allowed.add(k.name()));
        Fields f = new Fields(source, diags, top.node("provider"), "\"provider\" of type " + type, allowed);
        providerBlock = new Block(f, source, diags, directory);
        return new ProviderConfig(type, Keys.read(providerBlock, language.providerKeys()), language.membership());
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

    /** Each storage with the kind it is of (offered by the playbook's provider, else reported). */
    private Map<Storage, StorageKind> storage(Fields top, List<GroupParser.Mention> mentions, ProviderLanguage language) {
        Map<Storage, StorageKind> out = new LinkedHashMap<>();
        Fields all = Fields.of(source, diags, top.node("storage"), "\"storage\"", null);
        if (all == null) {
            return out;
        }
        Map<String, ProviderLanguage> owners = new LinkedHashMap<>();
        Map<String, StorageKind> kinds = new LinkedHashMap<>();
        language.storageKinds().forEach(k -> {
            owners.putIfAbsent(k.name(), language);
            kinds.putIfAbsent(k.name(), k);
        });
        for (ProviderLanguage l : languages.all()) {
            l.storageKinds().forEach(k -> {
                owners.putIfAbsent(k.name(), l);
                kinds.putIfAbsent(k.name(), k);
            });
        }
        boolean misplaced = false;
        Map<String, String> mounts = new LinkedHashMap<>();
        for (String name : all.keys()) {
            if (!GroupParser.NAME.matcher(name).matches()) {
                diags.error(all.keyAt(name), "Invalid storage name", "\"" + name + "\": a storage name starts with a letter and has "
                        + "only letters, digits and hyphens.");
            }
            // The keys a storage may have: the common ones, and those of its kind (of every kind, while the type is unknown).
            String declaredType = typeOf(all.node(name));
            StorageKind declaredKind = kinds.get(declaredType != null ? declaredType : kinds.isEmpty() ? "" : kinds.keySet().iterator().next());
            List<String> allowed = new java.util.ArrayList<>(STORAGE_KEYS);
            (declaredKind != null ? List.of(declaredKind) : List.copyOf(kinds.values()))
                    .forEach(k -> k.keys().forEach(key -> allowed.add(key.name())));
            Fields f = Fields.of(source, diags, all.node(name), "storage \"" + name + "\"", List.copyOf(new java.util.LinkedHashSet<>(allowed)));
            if (f == null) {
                continue;
            }
            String type = f.string("type").orElse(kinds.isEmpty() ? "" : kinds.keySet().iterator().next());
            StorageKind kind = kinds.get(type);
            if (kind == null) {
                List<String> known = List.copyOf(kinds.keySet());
                f.error("type", "Unknown storage type", known.isEmpty() ? "No provider in this build offers shared storage."
                        : "\"type\" must be " + (known.size() == 1 ? known.get(0) + " (the only storage type)" : "one of: "
                        + String.join(", ", known)) + ", not \"" + type + "\"." + DidYouMean.hint(type, known));
            } else if (owners.get(type) != language && !misplaced) {
                misplaced = true;
                String owner = owners.get(type).type();
                diags.error(top.at("storage"), "Storage needs the " + owner + " provider", "Shared storage (type " + type
                        + ") is created by the " + owner + " provider; the " + language.type() + " provider cannot provide it. "
                        + "Remove \"storage\" or use provider type " + owner + ".");
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
                nodes.forEach(n -> mentions.add(new GroupParser.Mention(Fields.text(n), n, "storage \"" + name + "\"")));
                return Fields.texts(nodes);
            }).orElse(List.of("all"));
            if (kind != null) {
                Map<String, Object> settings = Keys.read(new Block(f, source, diags, directory), kind.keys());
                out.put(new Storage(name, type, mount, groups, settings, all.keyAt(name)), kind);
            }
        }
        return out;
    }

    /** A storage's {@code type} as written, before its keys are read; null if it has none (or is no mapping). */
    private static String typeOf(Node node) {
        if (node instanceof MappingNode m) {
            for (var t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && "type".equals(k.getValue())
                        && t.getValueNode() instanceof ScalarNode v) {
                    return v.getValue();
                }
            }
        }
        return null;
    }
}
