package dev.spotplay.plan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.spotplay.diag.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The file form of a {@link SavedPlan}: one JSON object whose first member is
 * {@code "spotplay_plan": FORMAT}, the format's version. Written atomically (a private
 * temporary file moved into place), mode 0600, and read strictly: an unknown version, a
 * missing or unknown member, or a value of the wrong type is refused with what is wrong and
 * where, and nothing is done. The file holds the plan's changes and its {@link Basis} (hashes,
 * never a file's contents).
 */
public final class PlanFile {
    /** The format this build writes and the only one it reads. */
    public static final int FORMAT = 1;
    private static final String MAGIC = "spotplay_plan";
    private static final JsonFactory JSON = new JsonFactory();

    private PlanFile() {}

    /** True if {@code file} is a plan file (of any format version), not a playbook. Reads only its first bytes. */
    public static boolean isPlanFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (JsonParser p = JSON.createParser(Files.newInputStream(file))) {
            return p.nextToken() == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME
                    && MAGIC.equals(p.currentName());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public static void write(Path file, SavedPlan saved) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try (OutputStream out = Channels.newOutputStream(Files.newByteChannel(tmp,
                    java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
                 JsonGenerator g = JSON.createGenerator(out)) {
                g.useDefaultPrettyPrinter();
                write(g, saved);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UserError("Could not write the plan to " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the move happened, or the write failed and said so
            }
        }
    }

    private static void write(JsonGenerator g, SavedPlan saved) throws IOException {
        Plan plan = saved.plan();
        Basis b = saved.basis();
        g.writeStartObject();
        g.writeNumberField(MAGIC, FORMAT);
        g.writeStringField("cluster", plan.cluster());
        g.writeStringField("provider", plan.provider());
        g.writeObjectFieldStart("basis");
        g.writeStringField("playbook", b.playbook());
        g.writeStringField("playbook_sha256", b.playbookSha256());
        g.writeArrayFieldStart("inputs");
        for (Basis.Input in : b.inputs()) {
            g.writeStartObject();
            g.writeStringField("path", in.path());
            g.writeStringField("sha256", in.sha256());
            g.writeStringField("used_by", in.usedBy());
            g.writeEndObject();
        }
        g.writeEndArray();
        optional(g, "state", b.stateLocation());
        optional(g, "lineage", b.lineage());
        g.writeNumberField("serial", b.serial());
        g.writeBooleanField("recheck", b.recheck());
        g.writeArrayFieldStart("replace");
        for (String r : b.replace()) {
            g.writeString(r);
        }
        g.writeEndArray();
        g.writeBooleanField("adopt", b.adopt());
        g.writeEndObject();
        g.writeArrayFieldStart("changes");
        for (Change c : plan.changes()) {
            g.writeStartObject();
            g.writeStringField("action", c.action().name());
            g.writeObjectFieldStart("address");
            writeAddress(g, c.address());
            g.writeEndObject();
            g.writeStringField("why", c.reason().why().name());
            g.writeArrayFieldStart("details");
            for (String d : c.reason().details()) {
                g.writeString(d);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("attributes");
            for (AttributeChange a : c.attributes()) {
                g.writeStartObject();
                g.writeStringField("name", a.name());
                g.writeStringField("before", a.before());
                g.writeStringField("after", a.after());
                g.writeEndObject();
            }
            g.writeEndArray();
            optional(g, "definition", c.definition());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("live_nodes", plan.liveNodes());
        g.writeNumberField("hourly_cost", plan.hourlyCost());
        g.writeArrayFieldStart("notes");
        for (String n : plan.notes()) {
            g.writeString(n);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeAddress(JsonGenerator g, Address a) throws IOException {
        if (a instanceof Address.Node n) {
            g.writeStringField("kind", "node");
            g.writeStringField("group", n.group());
            g.writeStringField("node", n.name());
        } else if (a instanceof Address.Step s) {
            g.writeStringField("kind", "step");
            g.writeStringField("group", s.node().group());
            g.writeStringField("node", s.node().name());
            g.writeStringField("step", s.name());
            g.writeNumberField("index", s.index());
        } else if (a instanceof Address.Duplicate d) {
            g.writeStringField("kind", "duplicate");
            g.writeStringField("group", d.node().group());
            g.writeStringField("node", d.node().name());
            g.writeStringField("provider_id", d.providerId());
        } else if (a instanceof Address.Resource r) {
            g.writeStringField("kind", "resource");
            g.writeStringField("type", r.kind());
            g.writeStringField("name", r.name());
        }
    }

    private static void optional(JsonGenerator g, String name, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(name, value.get());
        } else {
            g.writeNullField(name);
        }
    }

    /** Reads a plan file; a file that is not one this build can carry out is refused with why. */
    public static SavedPlan read(Path file) {
        Object tree;
        try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.createParser(in)) {
            tree = value(p, p.nextToken());
            if (p.nextToken() != null) {
                throw new JsonParseException(p, "more after the plan's object");
            }
        } catch (JsonParseException e) {
            var at = e.getLocation();
            throw new UserError(file + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": not a spotplay plan file: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UserError("Could not read the plan " + file + ": " + e.getMessage(), e);
        }
        Node root = new Node(file, "", tree);
        Map<String, Object> top = root.object();
        if (!(top.get(MAGIC) instanceof Long version)) {
            throw new UserError(file + ": not a spotplay plan file (it has no \"" + MAGIC + "\" version).");
        }
        if (version != FORMAT) {
            throw new UserError(file + ": a plan of format " + version + ", which this build of spotplay does not read (it reads "
                    + FORMAT + "); make the plan again with this build.");
        }
        try {
            return saved(root);
        } catch (IllegalArgumentException e) {
            throw new UserError(file + ": not a valid spotplay plan: " + e.getMessage(), e);
        }
    }

    private static SavedPlan saved(Node root) {
        root.only(MAGIC, "cluster", "provider", "basis", "changes", "live_nodes", "hourly_cost", "notes");
        Node b = root.get("basis");
        b.only("playbook", "playbook_sha256", "inputs", "state", "lineage", "serial", "recheck", "replace", "adopt");
        List<Basis.Input> inputs = new ArrayList<>();
        for (Node in : b.get("inputs").list()) {
            in.only("path", "sha256", "used_by");
            inputs.add(new Basis.Input(in.get("path").string(), in.get("sha256").string(), in.get("used_by").string()));
        }
        Basis basis = new Basis(b.get("playbook").string(), b.get("playbook_sha256").string(), inputs,
                b.get("state").optionalString(), b.get("lineage").optionalString(), b.get("serial").number(),
                b.get("recheck").bool(), b.get("replace").list().stream().map(Node::string).toList(), b.get("adopt").bool());
        List<Change> changes = new ArrayList<>();
        for (Node c : root.get("changes").list()) {
            c.only("action", "address", "why", "details", "attributes", "definition");
            Action action = c.get("action").constant(Action.class);
            Address address = address(c.get("address"));
            Reason.Why why = c.get("why").constant(Reason.Why.class);
            List<String> details = new ArrayList<>();
            c.get("details").list().forEach(d -> details.add(d.string()));
            List<AttributeChange> attributes = new ArrayList<>();
            for (Node a : c.get("attributes").list()) {
                a.only("name", "before", "after");
                attributes.add(new AttributeChange(a.get("name").string(), a.get("before").string(), a.get("after").string()));
            }
            changes.add(new Change(action, address, new Reason(why, details), attributes, c.get("definition").optionalString()));
        }
        List<String> notes = new ArrayList<>();
        root.get("notes").list().forEach(n -> notes.add(n.string()));
        Plan plan = new Plan(root.get("cluster").string(), root.get("provider").string(), List.copyOf(changes),
                Math.toIntExact(root.get("live_nodes").number()), root.get("hourly_cost").decimal(), List.copyOf(notes));
        return new SavedPlan(plan, basis);
    }

    private static Address address(Node a) {
        String kind = a.get("kind").string();
        return switch (kind) {
            case "node" -> {
                a.only("kind", "group", "node");
                yield new Address.Node(a.get("group").string(), a.get("node").string());
            }
            case "step" -> {
                a.only("kind", "group", "node", "step", "index");
                yield new Address.Step(new Address.Node(a.get("group").string(), a.get("node").string()), a.get("step").string(),
                        Math.toIntExact(a.get("index").number()));
            }
            case "duplicate" -> {
                a.only("kind", "group", "node", "provider_id");
                yield new Address.Duplicate(new Address.Node(a.get("group").string(), a.get("node").string()),
                        a.get("provider_id").string());
            }
            case "resource" -> {
                a.only("kind", "type", "name");
                yield new Address.Resource(a.get("type").string(), a.get("name").string());
            }
            default -> throw new IllegalArgumentException(a.path + ".kind: \"" + kind + "\" is not node, step, duplicate or resource");
        };
    }

    /** Plain JSON values: maps, lists, strings, longs, doubles, booleans, null. */
    private static Object value(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new JsonParseException(p, "the file is empty");
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken f = p.nextToken(); f != JsonToken.END_OBJECT; f = p.nextToken()) {
                    String name = p.currentName();
                    if (map.containsKey(name)) {
                        throw new JsonParseException(p, "\"" + name + "\" twice");
                    }
                    map.put(name, value(p, p.nextToken()));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                    list.add(value(p, v));
                }
                return list;
            }
            case VALUE_STRING -> { return p.getText(); }
            case VALUE_NUMBER_INT -> { return p.getLongValue(); }
            case VALUE_NUMBER_FLOAT -> { return p.getDoubleValue(); }
            case VALUE_TRUE -> { return Boolean.TRUE; }
            case VALUE_FALSE -> { return Boolean.FALSE; }
            case VALUE_NULL -> { return null; }
            default -> throw new JsonParseException(p, "unexpected " + t);
        }
    }

    /** A value in the file and where it is ({@code basis.inputs[2].path}), for messages. */
    private record Node(Path file, String path, Object value) {
        @SuppressWarnings("unchecked")
        Map<String, Object> object() {
            if (value instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
            throw wrong("an object");
        }

        Node get(String name) {
            Map<String, Object> m = object();
            if (!m.containsKey(name)) {
                throw new IllegalArgumentException((path.isEmpty() ? "" : path + ": ") + "\"" + name + "\" is missing");
            }
            return new Node(file, path.isEmpty() ? name : path + "." + name, m.get(name));
        }

        void only(String... names) {
            List<String> allowed = List.of(names);
            for (String k : object().keySet()) {
                if (!allowed.contains(k)) {
                    throw new IllegalArgumentException((path.isEmpty() ? "" : path + ": ") + "\"" + k + "\" is not part of the format");
                }
            }
        }

        List<Node> list() {
            if (!(value instanceof List<?> l)) {
                throw wrong("a list");
            }
            List<Node> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                out.add(new Node(file, path + "[" + i + "]", l.get(i)));
            }
            return out;
        }

        String string() {
            if (value instanceof String s) {
                return s;
            }
            throw wrong("a string");
        }

        Optional<String> optionalString() {
            return value == null ? Optional.empty() : Optional.of(string());
        }

        long number() {
            if (value instanceof Long l) {
                return l;
            }
            throw wrong("a whole number");
        }

        double decimal() {
            if (value instanceof Number n) {
                return n.doubleValue();
            }
            throw wrong("a number");
        }

        boolean bool() {
            if (value instanceof Boolean b) {
                return b;
            }
            throw wrong("true or false");
        }

        <E extends Enum<E>> E constant(Class<E> type) {
            String s = string();
            try {
                return Enum.valueOf(type, s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ": \"" + s + "\" is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
            }
        }

        private IllegalArgumentException wrong(String what) {
            return new IllegalArgumentException(path + ": should be " + what);
        }
    }
}
