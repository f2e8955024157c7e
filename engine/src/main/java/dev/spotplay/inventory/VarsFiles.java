package dev.spotplay.inventory;

import dev.spotplay.diag.Diagnostics;
import dev.spotplay.diag.SourceRange;
import dev.spotplay.playbook.Source;
import dev.spotplay.playbook.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * {@code group_vars/} and {@code host_vars/} beside an inventory source, found as Ansible's
 * host_group_vars plugin finds them: for a group or host NAME, the first of {@code NAME},
 * {@code NAME.yml}, {@code NAME.yaml}, {@code NAME.json} that exists; if that is a folder, every
 * file in it (by name, folders without an extension recursively, skipping names starting with
 * {@code .} or ending in {@code ~}, and files with an extension other than these three), each
 * over the one before. Each file is a YAML (or JSON) mapping of variables; an empty one is
 * nothing. Only the files of groups and hosts the inventory has are read, as in Ansible.
 */
final class VarsFiles {
    private static final List<String> EXTENSIONS = List.of(".yml", ".yaml", ".json");
    static final YamlReader.Document DOCUMENT = new YamlReader.Document("vars file", "", "variables");

    private VarsFiles() {}

    static Inventory.SourceVars read(Path base, Inventory inventory, InventoryBuilder builder, Diagnostics diags) {
        Map<String, List<Inventory.Layer>> groups = new LinkedHashMap<>();
        Map<String, List<Inventory.Layer>> hosts = new LinkedHashMap<>();
        Path groupDir = base.resolve("group_vars");
        Path hostDir = base.resolve("host_vars");
        if (Files.isDirectory(groupDir)) {
            for (String g : inventory.groupNames()) {
                List<Inventory.Layer> layers = layers(groupDir, g, builder, diags);
                if (!layers.isEmpty()) {
                    groups.put(g, layers);
                }
            }
        }
        if (Files.isDirectory(hostDir)) {
            for (Inventory.Host h : inventory.hosts()) {
                List<Inventory.Layer> layers = layers(hostDir, h.name(), builder, diags);
                if (!layers.isEmpty()) {
                    hosts.put(h.name(), layers);
                }
            }
        }
        return new Inventory.SourceVars(groups, hosts);
    }

    private static List<Inventory.Layer> layers(Path dir, String name, InventoryBuilder builder, Diagnostics diags) {
        List<Path> found = new ArrayList<>();
        for (String ext : List.of("", ".yml", ".yaml", ".json")) {
            Path p = dir.resolve(name + ext);
            if (Files.exists(p)) {
                if (Files.isDirectory(p)) {
                    listDir(p, found);
                } else {
                    found.add(p);
                }
                break;
            }
        }
        List<Inventory.Layer> out = new ArrayList<>();
        for (Path f : found) {
            read(f, builder, diags).ifPresent(out::add);
        }
        return out;
    }

    private static void listDir(Path dir, List<Path> found) {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            throw new dev.spotplay.diag.UserError("Cannot read " + Source.label(dir) + ": " + e.getMessage(), e);
        }
        for (Path p : entries) {
            String n = p.getFileName().toString();
            if (n.startsWith(".") || n.endsWith("~")) {
                continue;
            }
            int dot = n.lastIndexOf('.');
            String ext = dot > 0 ? n.substring(dot) : "";
            if (Files.isDirectory(p) && ext.isEmpty()) {
                listDir(p, found);
            } else if (Files.isRegularFile(p) && (ext.isEmpty() || EXTENSIONS.contains(ext))) {
                found.add(p);
            }
        }
    }

    private static Optional<Inventory.Layer> read(Path file, InventoryBuilder builder, Diagnostics diags) {
        String label = Source.label(file);
        byte[] bytes;
        try {
            if (YamlReader.tooLarge(Files.size(file))) {
                diags.error(new Source(label, "").whole(), "Vars file too large", "A vars file may be at most 1 MiB.");
                return Optional.empty();
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new dev.spotplay.diag.UserError("Cannot read " + label + ": " + e.getMessage(), e);
        }
        Optional<String> text = YamlReader.decode(label, bytes, diags, DOCUMENT);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.get().lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#") || l.strip().equals("---"))) {
            return Optional.empty(); // an empty vars file is nothing, as in Ansible
        }
        if (text.get().startsWith("$ANSIBLE_VAULT")) {
            diags.error(new Source(label, text.get()).at(1, 1), "Unsupported: Ansible Vault", label + " is encrypted with Ansible Vault, "
                    + "which spotplay does not read: it keeps no vault password.");
            return Optional.empty();
        }
        Source source = new Source(label, text.get());
        Diagnostics mine = new Diagnostics();
        Optional<MappingNode> root = YamlReader.read(source, text.get(), mine, DOCUMENT);
        diags.addAll(mine);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        YamlValues values = new YamlValues(text.get(), YamlValues.isJson(text.get()));
        Map<String, Object> vars = new LinkedHashMap<>();
        Map<String, SourceRange> origins = new LinkedHashMap<>();
        for (NodeTuple t : root.get().getValue()) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            Object v = values.toJava(t.getValueNode());
            if (builder.checkVar(key, v, source.at(t.getKeyNode()), source.at(t.getValueNode()))) {
                vars.put(key, v);
                origins.put(key, source.at(t.getKeyNode()));
            }
        }
        for (YamlValues.Unsupported u : values.unsupported()) {
            diags.error(source.at(u.node()), "Unsupported: " + u.tag(), YamlValues.unsupportedTagHint(u.tag()).orElseThrow());
        }
        return Optional.of(new Inventory.Layer(vars, origins));
    }
}
