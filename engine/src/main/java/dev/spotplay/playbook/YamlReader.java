package dev.spotplay.playbook;

import dev.spotplay.diag.Diagnostics;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Turns the bytes of a playbook (or of another YAML file the user writes, such as an inventory:
 * see {@link Document}) into a YAML node tree, refusing hostile or broken input with a diagnostic:
 * non-UTF-8 bytes, tabs, syntax errors, several documents, deep nesting, alias bombs, merge keys,
 * complex keys and duplicate keys. The events are scanned once before composing
 * because the composer recurses (a deep file would overflow the stack) and merges {@code <<}
 * silently.
 */
public final class YamlReader {
    static final int MAX_BYTES = 1024 * 1024;
    static final int MAX_DEPTH = 32;
    static final int MAX_ALIASES = 20;
    static final long MAX_EXPANDED_NODES = 100_000;

    /**
     * What kind of file is read, for messages.
     *
     * @param noun      "playbook", "inventory"
     * @param emptyHint what the file needs at least
     * @param rootHint  the keys its top level is a mapping of
     */
    public record Document(String noun, String emptyHint, String rootHint) {
        public static final Document PLAYBOOK = new Document("playbook", "It needs at least \"name:\" and \"groups:\".",
                "keys such as \"name:\", \"groups:\" and \"steps:\"");
    }

    private final Source source;
    private final Diagnostics diags;
    private final Document document;

    private YamlReader(Source source, Diagnostics diags, Document document) {
        this.source = source;
        this.diags = diags;
        this.document = document;
    }

    /** Decodes UTF-8 strictly (a leading BOM is dropped); reports the first bad byte's position. */
    static Optional<String> decode(String file, byte[] bytes, Diagnostics diags) {
        return decode(file, bytes, diags, Document.PLAYBOOK);
    }

    public static Optional<String> decode(String file, byte[] bytes, Diagnostics diags, Document document) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int bad = in.position();
            int lineStart = 0;
            int line = 1;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            String lineText = new String(bytes, lineStart, bad - lineStart, StandardCharsets.UTF_8);
            diags.error(new Source(file, "\n".repeat(line - 1) + lineText).at(line, lineText.length() + 1),
                    "File is not UTF-8",
                    String.format("Byte 0x%02X at offset %d is not valid UTF-8. Save the " + document.noun() + " as UTF-8.", bytes[bad] & 0xff, bad));
            return Optional.empty();
        }
        decoder.flush(out);
        String text = out.flip().toString();
        text = text.startsWith("\uFEFF") ? text.substring(1) : text;
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            Source source = new Source(file, text);
            int line = (int) text.substring(0, nul).chars().filter(c -> c == '\n').count() + 1;
            diags.error(source.at(line, nul - text.lastIndexOf('\n', nul)), "NUL character", NUL_DETAIL);
            return Optional.empty();
        }
        return Optional.of(text);
    }

    /** No command line, path or name can hold a NUL, so no value may: refused where it is written, not where it is used. */
    static final String NUL_DETAIL = "A NUL character (byte 0) cannot be part of any value: no path, name or command line can "
            + "hold one. Remove it.";

    /** The root mapping of the single document in {@code source}, or empty with errors added. */
    static Optional<MappingNode> read(Source source, String text, Diagnostics diags) {
        return new YamlReader(source, diags, Document.PLAYBOOK).read(text);
    }

    /** The root mapping of the single document in {@code source}, or empty with errors added. */
    public static Optional<MappingNode> read(Source source, String text, Diagnostics diags, Document document) {
        return new YamlReader(source, diags, document).read(text);
    }

    private Optional<MappingNode> read(String text) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(source.file())
                .setSchema(new CoreSchema())
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowRecursiveKeys(false)
                .setCodePointLimit(MAX_BYTES)
                .build();
        try {
            if (!scan(settings, text)) {
                return Optional.empty();
            }
            Optional<Node> root = new Compose(settings).composeString(text);
            if (root.isEmpty() || Nodes.isNull(root.get())) {
                diags.error(source.whole(), "Empty " + document.noun(),
                        "The " + document.noun() + " has no content. " + document.emptyHint());
                return Optional.empty();
            }
            if (!(root.get() instanceof MappingNode mapping)) {
                diags.error(source.at(root.get()), "Top level is not a mapping",
                        "A " + document.noun() + " is a mapping of " + document.rootHint() + ", not a "
                                + Nodes.kind(root.get()) + ".");
                return Optional.empty();
            }
            if (expandedSize(mapping, new IdentityHashMap<>()) > MAX_EXPANDED_NODES) {
                diags.error(source.at(mapping), "Too many aliases",
                        "With its aliases expanded the " + document.noun() + " has more than " + MAX_EXPANDED_NODES
                                + " values. Write the values out instead of nesting aliases.");
                return Optional.empty();
            }
            checkDuplicates(mapping, new IdentityHashMap<>());
            return Optional.of(mapping);
        } catch (MarkedYamlEngineException e) {
            syntaxError(e);
        } catch (YamlEngineException e) {
            diags.error(source.whole(), "Invalid YAML", e.getMessage().strip());
        }
        return Optional.empty();
    }

    /** Checks the event stream before anything recursive sees it. */
    private boolean scan(LoadSettings settings, String text) {
        Deque<boolean[]> frames = new ArrayDeque<>(); // {isMapping, expectKey}
        int documents = 0;
        int aliases = 0;
        boolean nul = false;
        Iterator<Event> events = new Parse(settings).parseString(text).iterator();
        while (events.hasNext()) {
            Event e = events.next();
            switch (e.getEventId()) {
                case DocumentStart -> {
                    if (++documents > 1) {
                        diags.error(source.at(e.getStartMark()), "More than one YAML document",
                                "A " + document.noun() + " is one YAML document; remove the \"---\" separator and what follows, "
                                        + "or move it into its own file.");
                        return false;
                    }
                }
                case Alias -> {
                    if (++aliases > MAX_ALIASES) {
                        diags.error(source.at(e.getStartMark()), "Too many aliases",
                                "A " + document.noun() + " may use at most " + MAX_ALIASES + " aliases (*name). Write the values out instead.");
                        return false;
                    }
                }
                default -> { }
            }
            if (e instanceof ScalarEvent scalar && scalar.getValue().indexOf('\0') >= 0) {
                diags.error(source.at(e.getStartMark()), "NUL character", NUL_DETAIL);
                nul = true;
            }
            boolean isNode = switch (e.getEventId()) {
                case Scalar, Alias, SequenceStart, MappingStart -> true;
                default -> false;
            };
            if (isNode && !frames.isEmpty() && frames.peek()[0]) {
                boolean[] top = frames.peek();
                boolean isKey = top[1];
                top[1] = !top[1];
                if (isKey && !keyAllowed(e)) {
                    return false;
                }
            }
            if (e.getEventId() == Event.ID.SequenceStart || e.getEventId() == Event.ID.MappingStart) {
                frames.push(new boolean[] {e.getEventId() == Event.ID.MappingStart, true});
                if (frames.size() > MAX_DEPTH) {
                    diags.error(source.at(e.getStartMark()), "Nesting too deep",
                            "Values may be nested at most " + MAX_DEPTH + " levels deep.");
                    return false;
                }
            } else if (e.getEventId() == Event.ID.SequenceEnd || e.getEventId() == Event.ID.MappingEnd) {
                frames.pop();
            }
        }
        return !nul;
    }

    private boolean keyAllowed(Event key) {
        if (!(key instanceof ScalarEvent scalar)) {
            diags.error(source.at(key.getStartMark()), "Key is not a name",
                    "Keys must be plain names (text), not lists, mappings or aliases.");
            return false;
        }
        if (scalar.isPlain() && "<<".equals(scalar.getValue())) {
            diags.error(source.at(key.getStartMark()), "Merge keys are not supported",
                    "\"<<\" merge keys hide where a value comes from; write the keys out instead.");
            return false;
        }
        return true;
    }

    private void syntaxError(MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem().strip();
        var mark = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
        if (problem.contains("\\t(TAB)") || problem.contains("'\\t'")) {
            diags.error(source.at(mark), "Tab character",
                    "tabs are not allowed for indentation in YAML; use spaces");
            return;
        }
        String context = e.getContext() == null ? "" : e.getContext().strip();
        String detail = context.isEmpty() ? problem : problem + " (" + context + ")";
        diags.error(source.at(mark), "Invalid YAML", capitalize(detail) + ". Check the indentation and punctuation here.");
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Counts values as if every alias were copied out, without copying. */
    private static long expandedSize(Node node, Map<Node, Long> memo) {
        Long known = memo.get(node);
        if (known != null) {
            return known;
        }
        long size = 1;
        if (node instanceof SequenceNode seq) {
            for (Node child : seq.getValue()) {
                size = Math.min(Long.MAX_VALUE / 4, size + expandedSize(child, memo));
            }
        } else if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                size = Math.min(Long.MAX_VALUE / 4, size + 1 + expandedSize(t.getValueNode(), memo));
            }
        }
        memo.put(node, size);
        return size;
    }

    private void checkDuplicates(Node node, Map<Node, Boolean> seen) {
        if (seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(child -> checkDuplicates(child, seen));
        } else if (node instanceof MappingNode map) {
            Map<String, Node> first = new HashMap<>();
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key) {
                    Node earlier = first.putIfAbsent(key.getValue(), key);
                    if (earlier != null) {
                        diags.error(source.at(key), "Duplicate key",
                                "The key \"" + key.getValue() + "\" appears on line " + source.at(earlier).line()
                                        + " and again on line " + source.at(key).line() + ". Keep only one.");
                    }
                }
                checkDuplicates(t.getValueNode(), seen);
            }
        }
    }

    public static boolean tooLarge(long bytes) {
        return bytes > MAX_BYTES;
    }
}
