package dev.spotplay.inventory;

import dev.spotplay.diag.DiagnosticException;
import dev.spotplay.diag.Diagnostics;
import dev.spotplay.diag.UserError;
import dev.spotplay.playbook.Source;
import dev.spotplay.playbook.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;

/**
 * Reads an inventory file, INI or YAML: {@code .yml}, {@code .yaml} and {@code .json} are YAML
 * (JSON is YAML), {@code .ini} is INI, and a file with another name is YAML if its first line
 * that says something is {@code ---} or a {@code key:} line, INI otherwise.
 */
public final class InventoryLoader {
    static final YamlReader.Document DOCUMENT = new YamlReader.Document("inventory",
            "It needs at least one group, e.g.\n  all:\n    hosts:\n      web01:", "groups, usually just \"all:\"");

    private InventoryLoader() {}

    /**
     * @param file  the inventory
     * @param label how diagnostics name the file (as the user wrote it)
     * @throws DiagnosticException with every mistake found, each with FILE:LINE:COLUMN
     * @throws UserError           if the file cannot be read
     */
    public static Inventory load(Path file, String label) {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                throw new UserError("Inventory " + label + " not found (or not a regular file).");
            }
            if (YamlReader.tooLarge(Files.size(file))) {
                Diagnostics diags = new Diagnostics();
                diags.error(new Source(label, "").whole(), "Inventory too large", "An inventory may be at most 1 MiB; use host "
                        + "ranges such as web[001:500] for many similar hosts.");
                throw new DiagnosticException(diags);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserError("Cannot read inventory " + label + ": " + e.getMessage(), e);
        }
        return parse(file, label, bytes);
    }

    /** Every source in turn, later ones over earlier ones, as {@code ansible -i A -i B}. */
    public static Inventory load(java.util.List<Path> sources) {
        if (sources.size() != 1) {
            throw new UserError("Only one inventory source is supported.");
        }
        return load(sources.get(0), Source.label(sources.get(0)));
    }

    static Inventory parse(Path file, String label, byte[] bytes) {
        Diagnostics diags = new Diagnostics();
        Optional<String> text = YamlReader.decode(label, bytes, diags, DOCUMENT);
        if (text.isEmpty()) {
            throw new DiagnosticException(diags);
        }
        Source source = new Source(label, text.get());
        InventoryBuilder builder = new InventoryBuilder(file, diags);
        if (isYaml(file, text.get())) {
            Optional<MappingNode> root = YamlReader.read(source, text.get(), diags, DOCUMENT);
            if (root.isEmpty()) {
                throw new DiagnosticException(diags);
            }
            new YamlInventoryParser(source, diags, builder).parse(root.get());
        } else {
            new IniInventoryParser(source, diags, builder).parse(text.get());
        }
        Inventory inventory = builder.build();
        diags.throwIfErrors();
        return inventory;
    }

    static boolean isYaml(Path file, String text) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".json")) {
            return true;
        }
        if (name.endsWith(".ini") || name.endsWith(".cfg")) {
            return false;
        }
        for (String line : text.split("\r\n|\r|\n")) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#") || s.startsWith(";")) {
                continue;
            }
            return s.equals("---") || s.startsWith("{") || (!s.startsWith("[") && s.matches("[^=\\s]+:(\\s.*)?"));
        }
        return false;
    }
}
