package dev.spotplay.inventory;

import dev.spotplay.diag.DiagnosticException;
import dev.spotplay.diag.Diagnostics;
import dev.spotplay.diag.UserError;
import dev.spotplay.playbook.Source;
import dev.spotplay.playbook.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.nodes.MappingNode;

/**
 * Reads inventory sources as {@code ansible -i SOURCE -i SOURCE} does. A source is a file, an
 * executable script, or a folder:
 * <ul>
 * <li>a file named {@code .yml}, {@code .yaml} or {@code .json} is a YAML inventory (JSON is
 *     YAML); a file with no extension is YAML if it reads as a YAML mapping, else INI; any other
 *     file is INI. {@code .toml} inventories and inventory plugin configurations
 *     ({@code plugin:}) are refused, by name.</li>
 * <li>an executable file that starts with {@code #!} is a script, run as {@code SCRIPT --list}
 *     (see {@link ScriptInventory}).</li>
 * <li>a folder is every entry in it, by name, folders recursively, skipping what Ansible
 *     skips: names starting with {@code .}, {@code group_vars}, {@code host_vars},
 *     {@code vars_plugins}, and names ending in {@code ~}, {@code .orig}, {@code .ini},
 *     {@code .cfg}, {@code .retry}, {@code .pyc}, {@code .pyo}, {@code .swp}, {@code .bak},
 *     {@code .rpm}, {@code .md}, {@code .txt} or {@code .rst}.</li>
 * </ul>
 * Beside each source (in its folder, or in the folder a folder source is) {@code group_vars/}
 * and {@code host_vars/} are read, see {@link VarsFiles}; later sources win over earlier ones.
 */
public final class InventoryLoader {
    static final YamlReader.Document DOCUMENT = new YamlReader.Document("inventory",
            "It needs at least one group, e.g.\n  all:\n    hosts:\n      web01:", "groups, usually just \"all:\"");
    /** Inventory scripts that take longer than this are stopped: a script that hangs would hang every command. */
    public static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern IGNORED = Pattern.compile("^\\..*|^host_vars$|^group_vars$|^vars_plugins$"
            + "|.*(~|\\.orig|\\.ini|\\.cfg|\\.retry|\\.pyc|\\.pyo|\\.swp|\\.bak|\\.rpm|\\.md|\\.txt|\\.rst)$");

    private InventoryLoader() {}

    /**
     * One source, with the group_vars and host_vars beside it. Diagnostics name every file as
     * {@link Source#label} does (relative to the current folder when inside it), whatever
     * {@code label} says: it is kept for callers that read one file.
     *
     * @throws DiagnosticException with every mistake found, each with FILE:LINE:COLUMN
     * @throws UserError           if a source cannot be read
     */
    public static Inventory load(Path file, String label) {
        return load(List.of(file), SCRIPT_TIMEOUT);
    }

    /** Every source in turn, later ones over earlier ones, as {@code ansible -i A -i B}. */
    public static Inventory load(List<Path> sources) {
        return load(sources, SCRIPT_TIMEOUT);
    }

    static Inventory load(List<Path> sources, Duration scriptTimeout) {
        if (sources.isEmpty()) {
            throw new UserError("No inventory source given.");
        }
        Diagnostics diags = new Diagnostics();
        InventoryBuilder builder = new InventoryBuilder(diags);
        for (Path source : sources) {
            if (!Files.exists(source) && source.getFileName() != null && source.getFileName().toString().contains(",")) {
                throw new UserError("Inventory " + Source.label(source) + " not found. A host list such as \"web1,web2,\" "
                        + "(Ansible's host_list source) is not supported: list the hosts in an inventory file.");
            }
            if (!Files.exists(source)) {
                throw new UserError("Inventory " + Source.label(source) + " not found.");
            }
            builder.source(source);
            read(source, builder, diags, scriptTimeout);
        }
        Inventory inventory = builder.build();
        diags.throwIfErrors();
        List<Inventory.SourceVars> files = new ArrayList<>();
        for (Path source : sources) {
            Path base = Files.isDirectory(source) ? source : source.toAbsolutePath().getParent();
            files.add(VarsFiles.read(base, inventory, builder, diags));
        }
        diags.throwIfErrors();
        return inventory.withFiles(files);
    }

    private static void read(Path source, InventoryBuilder builder, Diagnostics diags, Duration scriptTimeout) {
        if (Files.isDirectory(source)) {
            List<Path> entries;
            try (Stream<Path> s = Files.list(source)) {
                entries = s.sorted().toList();
            } catch (IOException e) {
                throw new UserError("Cannot read inventory folder " + Source.label(source) + ": " + e.getMessage(), e);
            }
            for (Path entry : entries) {
                if (!IGNORED.matcher(entry.getFileName().toString()).matches()) {
                    read(entry, builder, diags, scriptTimeout);
                }
            }
            return;
        }
        String label = Source.label(source);
        String name = source.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".toml")) {
            diags.error(new Source(label, "").whole(), "Unsupported: TOML inventory", label + " is a TOML inventory, which spotplay "
                    + "does not read. Write it as INI or YAML (ansible-inventory -i " + label + " --list --yaml prints it as YAML).");
            return;
        }
        if (ScriptInventory.isScript(source)) {
            ScriptInventory.read(source, label, builder, diags, scriptTimeout);
            return;
        }
        parse(source, label, readBytes(source, label, diags).orElse(null), builder, diags);
    }

    private static Optional<byte[]> readBytes(Path file, String label, Diagnostics diags) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new UserError("Inventory " + label + " not found (or not a regular file).");
            }
            if (YamlReader.tooLarge(Files.size(file))) {
                diags.error(new Source(label, "").whole(), "Inventory too large", "An inventory may be at most 1 MiB; use host "
                        + "ranges such as web[001:500] for many similar hosts.");
                return Optional.empty();
            }
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UserError("Cannot read inventory " + label + ": " + e.getMessage(), e);
        }
    }

    /** One inventory file's text, alone (no group_vars): what tests of the parsers read. */
    static Inventory parse(Path file, String label, byte[] bytes) {
        Diagnostics diags = new Diagnostics();
        InventoryBuilder builder = new InventoryBuilder(diags);
        builder.source(file);
        parse(file, label, bytes, builder, diags);
        Inventory inventory = builder.build();
        diags.throwIfErrors();
        return inventory;
    }

    private static void parse(Path file, String label, byte[] bytes, InventoryBuilder builder, Diagnostics diags) {
        if (bytes == null) {
            return;
        }
        Optional<String> text = YamlReader.decode(label, bytes, diags, DOCUMENT);
        if (text.isEmpty()) {
            return;
        }
        Source source = new Source(label, text.get());
        if (isYaml(file, text.get(), source)) {
            Optional<MappingNode> root = YamlReader.read(source, text.get(), diags, DOCUMENT);
            if (root.isEmpty()) {
                return;
            }
            new YamlInventoryParser(source, diags, builder, new YamlValues(text.get(), YamlValues.isJson(text.get()))).parse(root.get());
        } else {
            new IniInventoryParser(source, diags, builder).parse(text.get());
        }
    }

    static boolean isYaml(Path file, String text) {
        return isYaml(file, text, new Source(file.toString(), text));
    }

    /** Ansible tries YAML for .yml, .yaml, .json and no extension, INI for everything else; with no extension, YAML wins if it reads. */
    static boolean isYaml(Path file, String text, Source source) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".json")) {
            return true;
        }
        if (name.contains(".")) {
            return false;
        }
        return YamlReader.read(source, text, new Diagnostics(), DOCUMENT).isPresent() && !looksIni(text);
    }

    /** A YAML mapping that is also a sensible INI file (a lone "host:port" line): INI, as Ansible's YAML plugin refuses a mapping of nulls. */
    private static boolean looksIni(String text) {
        for (String line : text.split("\r\n|\r|\n")) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#") || s.startsWith(";")) {
                continue;
            }
            return !(s.equals("---") || s.startsWith("{") || s.matches("[^=\\s]+:(\\s.*)?"));
        }
        return false;
    }
}
