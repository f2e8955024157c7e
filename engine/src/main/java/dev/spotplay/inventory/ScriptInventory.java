package dev.spotplay.inventory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.spotplay.diag.Diagnostics;
import dev.spotplay.diag.SourceRange;
import dev.spotplay.playbook.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * An executable inventory script, run as Ansible's script plugin runs it: {@code SCRIPT --list}
 * (the program and that one argument, no shell), its standard output one JSON object of groups
 * ({@code "web": ["h1", "h2"]} or {@code "web": {"hosts": [...], "vars": {...}, "children":
 * [...]}}) and {@code _meta.hostvars}; without {@code _meta}, {@code SCRIPT --host HOST} for each
 * host. Every run has a deadline ({@link InventoryLoader#SCRIPT_TIMEOUT}); a script that fails,
 * hangs or prints something else is an error that shows what it wrote to standard error. The
 * output goes to private temporary files, so no thread reads pipes and nothing fills up.
 */
final class ScriptInventory {
    /** More output than this is not an inventory. */
    static final long MAX_OUTPUT = 64L << 20;
    private static final int STDERR_SHOWN = 2000;

    private ScriptInventory() {}

    /** Ansible runs a source as a script if it is executable; spotplay also wants the {@code #!} line, so an executable INI file stays one. */
    static boolean isScript(Path file) {
        if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && head[0] == '#' && head[1] == '!';
        } catch (IOException e) {
            return false;
        }
    }

    static void read(Path script, String label, InventoryBuilder builder, Diagnostics diags, Duration timeout) {
        SourceRange at = new Source(label, "").whole();
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<Object> listed = run(script, label, List.of("--list"), at, diags, deadline, timeout);
        if (listed.isEmpty()) {
            return;
        }
        if (!(listed.get() instanceof Map<?, ?> data)) {
            diags.error(at, "Invalid inventory script output", label + " --list printed JSON that is not an object of groups.");
            return;
        }
        Map<String, Object> hostvars = null;
        Set<String> hosts = new LinkedHashSet<>();
        for (Map.Entry<?, ?> e : data.entrySet()) {
            String group = e.getKey().toString();
            if (group.equals("_meta")) {
                if (e.getValue() instanceof Map<?, ?> meta && meta.get("hostvars") instanceof Map<?, ?> hv) {
                    hostvars = cast(hv);
                }
                continue;
            }
            if (!group(group, e.getValue(), label, at, builder, diags, hosts)) {
                return;
            }
        }
        for (String host : hosts) {
            if (!InventoryBuilder.isHostName(host)) {
                // Reported there; never handed to the script, where "-x" would read as an option of its own.
                builder.host(null, host, Map.of(), Map.of(), null, at);
                continue;
            }
            Object vars;
            if (hostvars != null) {
                vars = hostvars.getOrDefault(host, Map.of());
            } else {
                Optional<Object> got = run(script, label, List.of("--host", host), at, diags, deadline, timeout);
                if (got.isEmpty()) {
                    return;
                }
                vars = got.get();
            }
            if (!(vars instanceof Map<?, ?> m)) {
                diags.error(at, "Invalid inventory script output", "The vars of host \"" + host + "\" from " + label + " are not a JSON object.");
                return;
            }
            Map<String, Object> checked = new LinkedHashMap<>();
            for (Map.Entry<String, Object> v : cast(m).entrySet()) {
                if (builder.checkVar(v.getKey(), v.getValue(), at, at)) {
                    checked.put(v.getKey(), v.getValue());
                }
            }
            builder.host(null, host, checked, Map.of(), null, at);
        }
    }

    /** One group of the output, as Ansible's script plugin reads it. */
    private static boolean group(String group, Object value, String label, SourceRange at, InventoryBuilder builder, Diagnostics diags,
                                 Set<String> hosts) {
        builder.group(group, at);
        Map<String, Object> data;
        if (!(value instanceof Map<?, ?> m)) {
            data = Map.of("hosts", value == null ? List.of() : value);
        } else if (!m.containsKey("hosts") && !m.containsKey("vars") && !m.containsKey("children")) {
            data = Map.of("hosts", List.of(group), "vars", value); // Ansible's shorthand: a host of the group's name, with vars
        } else {
            data = cast(m);
        }
        if (data.containsKey("hosts")) {
            if (!(data.get("hosts") instanceof List<?> list)) {
                diags.error(at, "Invalid inventory script output", "Group \"" + group + "\" from " + label + " has a \"hosts\" that is not a list.");
                return false;
            }
            for (Object h : list) {
                String host = String.valueOf(h);
                hosts.add(host);
                builder.host(group, host, Map.of(), Map.of(), null, at);
            }
        }
        if (data.get("vars") instanceof Map<?, ?> vars) {
            cast(vars).forEach((k, v) -> {
                if (builder.checkVar(k, v, at, at)) {
                    builder.groupVar(group, k, v, at);
                }
            });
        } else if (data.containsKey("vars")) {
            diags.error(at, "Invalid inventory script output", "Group \"" + group + "\" from " + label + " has \"vars\" that are not an object.");
            return false;
        }
        if (data.get("children") instanceof List<?> children) {
            for (Object c : children) {
                builder.group(String.valueOf(c), at);
                builder.child(group, String.valueOf(c), at);
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    /** Runs {@code script args} (no shell), its output parsed as JSON; empty with an error if it fails, hangs or prints no JSON. */
    private static Optional<Object> run(Path script, String label, List<String> args, SourceRange at, Diagnostics diags, long deadline,
                                        Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(script.toAbsolutePath().toString()); // absolute: never read as an option
        command.addAll(args);
        String shown = label + " " + String.join(" ", args);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("spotplay-inventory-", ".out", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            err = Files.createTempFile("spotplay-inventory-", ".err", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            long left = deadline - System.nanoTime();
            if (!p.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                diags.error(at, "Inventory script timed out", shown + " did not finish within " + timeout.toSeconds() + " s and was stopped."
                        + stderr(err));
                return Optional.empty();
            }
            if (p.exitValue() != 0) {
                diags.error(at, "Inventory script failed", shown + " exited with status " + p.exitValue() + "." + stderr(err));
                return Optional.empty();
            }
            if (Files.size(out) > MAX_OUTPUT) {
                diags.error(at, "Inventory script output too large", shown + " printed more than " + (MAX_OUTPUT >> 20) + " MiB.");
                return Optional.empty();
            }
            try (JsonParser parser = new JsonFactory().createParser(Files.readAllBytes(out))) {
                JsonToken first = parser.nextToken();
                if (first == null) {
                    diags.error(at, "Invalid inventory script output", shown + " printed nothing; an inventory script prints a JSON object."
                            + stderr(err));
                    return Optional.empty();
                }
                Object value = value(parser);
                if (parser.nextToken() != null) {
                    throw new IOException("more after the JSON object");
                }
                return Optional.ofNullable(value).or(() -> Optional.of(Map.of()));
            } catch (IOException e) {
                diags.error(at, "Invalid inventory script output", shown + " did not print JSON: " + e.getMessage().lines().findFirst().orElse("")
                        + stderr(err));
                return Optional.empty();
            }
        } catch (IOException e) {
            diags.error(at, "Inventory script failed", shown + " could not be run: " + e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            diags.error(at, "Inventory script interrupted", shown + " was interrupted.");
            return Optional.empty();
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static String stderr(Path err) {
        try {
            byte[] bytes = Files.readAllBytes(err);
            String text = new String(bytes, 0, Math.min(bytes.length, STDERR_SHOWN), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "" : " Its standard error:\n" + text.replaceAll("[\\p{Cntrl}&&[^\n\t]]", "?")
                    + (bytes.length > STDERR_SHOWN ? "\n..." : "");
        } catch (IOException e) {
            return "";
        }
    }

    private static void delete(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
        }
    }

    /** The JSON value at the parser's current token, as maps, lists, strings, numbers, booleans and null. */
    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> out = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    out.put(name, value(p));
                }
                return out;
            }
            case START_ARRAY -> {
                List<Object> out = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    out.add(value(p));
                }
                return out;
            }
            case VALUE_STRING -> { return p.getText(); }
            case VALUE_NUMBER_INT -> { return p.getNumberValue() instanceof java.math.BigInteger b ? b : (Object) p.getLongValue(); }
            case VALUE_NUMBER_FLOAT -> { return p.getDoubleValue(); }
            case VALUE_TRUE -> { return Boolean.TRUE; }
            case VALUE_FALSE -> { return Boolean.FALSE; }
            case VALUE_NULL -> { return null; }
            default -> throw new IOException("unexpected " + t);
        }
    }
}
