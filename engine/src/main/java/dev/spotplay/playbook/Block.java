package dev.spotplay.playbook;

import dev.spotplay.diag.Diagnostics;
import dev.spotplay.diag.SourceRange;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * One mapping of the playbook as a {@link ProviderLanguage} sees it: typed getters that report a
 * wrong type as a diagnostic at the value's FILE:LINE:COLUMN and return empty, and the means to
 * report a provider's own findings at a key or a value. Made only by the parser.
 */
public final class Block {
    /** A string item of a list, with where it is written. */
    public record Item(String text, SourceRange at) {}

    private final Fields fields;
    private final Source source;
    private final Diagnostics diags;
    private final Path directory;

    Block(Fields fields, Source source, Diagnostics diags, Path directory) {
        this.fields = fields;
        this.source = source;
        this.diags = diags;
        this.directory = directory;
    }

    /** The playbook's folder, against which every local path in it is resolved. */
    public Path directory() {
        return directory;
    }

    /** How messages name this mapping, e.g. {@code group "worker"}. */
    public String where() {
        return fields.where();
    }

    public List<String> keys() {
        return fields.keys();
    }

    public boolean has(String key) {
        return fields.has(key);
    }

    public Optional<String> string(String key) {
        return fields.string(key);
    }

    public Optional<Integer> integer(String key, int min, int max) {
        return fields.integer(key, min, max);
    }

    /** A duration longer than zero ({@code 30s}, {@code 1h30m}). */
    public Optional<java.time.Duration> duration(String key) {
        return fields.duration(key);
    }

    public Optional<BigDecimal> positiveDecimal(String key) {
        return fields.positiveDecimal(key);
    }

    /** A list of strings; a single string counts as a list of one when {@code single} is true. */
    public Optional<List<Item>> strings(String key, boolean single, boolean nonEmpty) {
        return fields.stringList(key, single, nonEmpty).map(nodes -> nodes.stream().map(this::item).toList());
    }

    /**
     * The string items of a value that should be a string or a list of strings, even when it is
     * not all strings (those are reported by {@link #strings}): for checks item by item.
     */
    public List<Item> stringItems(String key) {
        Node node = fields.node(key);
        List<Node> items = node instanceof SequenceNode seq ? seq.getValue() : Nodes.isString(node) ? List.of(node) : List.of();
        return items.stream().filter(Nodes::isString).map(this::item).toList();
    }

    /** The value's text if it is a scalar that is not null (of any tag), else empty. */
    public Optional<String> scalar(String key) {
        Node n = fields.node(key);
        return n instanceof ScalarNode s && !Nodes.isNull(n) ? Optional.of(s.getValue()) : Optional.empty();
    }

    /** The kind of the value, as messages name it ("string", "list", "mapping", ...). */
    public String kind(String key) {
        return Nodes.kind(fields.node(key));
    }

    /** The mapping under {@code key}, checked against {@code allowed} (null: any key); empty if it is not a mapping (reported). */
    public Optional<Block> block(String key, String where, List<String> allowed) {
        Fields f = Fields.of(source, diags, fields.node(key), where, allowed);
        return f == null ? Optional.empty() : Optional.of(new Block(f, source, diags, directory));
    }

    public SourceRange at(String key) {
        return fields.at(key);
    }

    public SourceRange keyAt(String key) {
        return fields.keyAt(key);
    }

    public SourceRange self() {
        return fields.self();
    }

    /** An error at the value of {@code key} (at the mapping if the key is absent). */
    public void error(String key, String summary, String detail) {
        fields.error(key, summary, detail);
    }

    public void error(SourceRange at, String summary, String detail) {
        diags.error(at, summary, detail);
    }

    public void warning(SourceRange at, String summary, String detail) {
        diags.warning(at, summary, detail);
    }

    /** "Missing key" at the mapping unless {@code key} has a value. */
    public void requireKey(String key, String detail) {
        fields.requireKey(key, detail);
    }

    private Item item(Node node) {
        return new Item(Fields.text(node), source.at(node));
    }
}
