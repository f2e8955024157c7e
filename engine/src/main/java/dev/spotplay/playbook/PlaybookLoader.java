package dev.spotplay.playbook;

import dev.spotplay.diag.Diagnostic;
import dev.spotplay.diag.DiagnosticException;
import dev.spotplay.diag.Diagnostics;
import dev.spotplay.diag.UserError;
import dev.spotplay.module.ModuleCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;

/** Reads, checks and builds a playbook: the only way a {@link Playbook} comes from a file. */
public final class PlaybookLoader {

    /** A valid playbook, and the warnings found while reading it. */
    public record Loaded(Playbook playbook, List<Diagnostic> warnings) {}

    private PlaybookLoader() {}

    /** As {@link #load(Path, ModuleCatalog, ProviderLanguages)} with the providers ServiceLoader finds. */
    public static Loaded load(Path file, ModuleCatalog modules) {
        return load(file, modules, ProviderLanguages.installed());
    }

    /**
     * @param file      as the user gave it; diagnostics name it this way
     * @param modules   the step modules a step may use
     * @param languages the providers a playbook may name, with their keys
     * @throws UserError          if the file is missing, not a regular file, or unreadable
     * @throws DiagnosticException with every error found, if there is any
     */
    public static Loaded load(Path file, ModuleCatalog modules, ProviderLanguages languages) {
        String label = file.toString();
        if (!Files.exists(file)) {
            throw new UserError("Playbook " + label + " not found. Give the path of a playbook, or run in the folder that holds cluster.yml.");
        }
        if (!Files.isRegularFile(file)) {
            throw new UserError("Playbook " + label + " is not a regular file.");
        }
        Diagnostics diags = new Diagnostics();
        byte[] bytes;
        try {
            if (YamlReader.tooLarge(Files.size(file))) {
                diags.error(new Source(label, "").whole(), "Playbook too large",
                        "The playbook is " + Files.size(file) + " bytes; a playbook may be at most 1 MiB. Move data into files the steps copy.");
                throw new DiagnosticException(diags);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserError("Cannot read playbook " + label + ": " + e.getMessage(), e);
        }
        if (YamlReader.tooLarge(bytes.length)) {
            diags.error(new Source(label, "").whole(), "Playbook too large", "A playbook may be at most 1 MiB.");
            throw new DiagnosticException(diags);
        }
        Optional<String> text = YamlReader.decode(label, bytes, diags);
        if (text.isEmpty()) {
            throw new DiagnosticException(diags);
        }
        Source source = new Source(label, text.get());
        Optional<MappingNode> root = YamlReader.read(source, text.get(), diags);
        if (root.isEmpty()) {
            throw new DiagnosticException(diags);
        }
        // Duplicate keys do not stop here, so the schema errors come in the same round.
        Path absolute = file.toAbsolutePath().normalize();
        Playbook playbook = new PlaybookParser(source, diags, absolute.getParent(), languages).parse(root.get(), absolute, modules);
        diags.throwIfErrors();
        return new Loaded(playbook, diags.all().stream().filter(d -> !d.isError()).toList());
    }
}
