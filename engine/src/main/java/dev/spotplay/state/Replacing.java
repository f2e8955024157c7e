package dev.spotplay.state;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The running machines a wave of replacements keeps up while their replacements are launched
 * under the same names: each node's record as it was before the wave, kept in the state's
 * cluster-wide facts ({@link StateStore#put}) from before the first launch call until the old
 * machine is terminated (or, if the replacement failed, is the node's record again). With it, a
 * crash at any moment of a wave is found again: a node whose replacement never came gets its old
 * machine back; one whose replacement runs has the old machine terminated as an extra one.
 * Only what names and reaches a machine is kept (ids, addresses, the pinned host key, the launch
 * settings, which hold no secret: user data only as its hash).
 */
public final class Replacing {
    static final String KEY = "replacing";

    private Replacing() {}

    /** Every node being replaced, by name, with its record as it was before its wave. */
    public static Map<String, NodeRecord> read(StateStore state) {
        return decode(state.get(KEY).orElse(""));
    }

    /** Records {@code old} as the machine its name keeps until the replacement is set up. */
    public static void put(StateStore state, NodeRecord old) {
        Map<String, NodeRecord> all = new TreeMap<>(read(state));
        all.put(old.name(), old);
        state.put(KEY, encode(all));
    }

    /** The replacement of {@code node} is over (its old machine terminated, or its record again). */
    public static void remove(StateStore state, String node) {
        Map<String, NodeRecord> all = new TreeMap<>(read(state));
        if (all.remove(node) == null) {
            return;
        }
        if (all.isEmpty()) {
            state.remove(KEY);
        } else {
            state.put(KEY, encode(all));
        }
    }

    /** Forgets every one (once a reconcile has put each node's machines right in state). */
    public static void clear(StateStore state) {
        if (state.get(KEY).isPresent()) {
            state.remove(KEY);
        }
    }

    static String encode(Map<String, NodeRecord> records) {
        Properties p = new Properties();
        for (NodeRecord r : records.values()) {
            String k = r.name() + ".";
            p.setProperty(k + "group", r.group());
            p.setProperty(k + "index", Integer.toString(r.index()));
            set(p, k + "id", r.providerId());
            set(p, k + "host", r.host());
            p.setProperty(k + "port", Integer.toString(r.port()));
            set(p, k + "private_ip", r.privateIp());
            set(p, k + "host_key", r.hostKey());
            set(p, k + "token", r.launchToken());
            set(p, k + "created", r.createdAt() == null ? null : r.createdAt().toString());
            r.launch().forEach((name, value) -> p.setProperty(k + "launch." + name, value));
        }
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Properties.store writes the date as a comment first: drop it, so the value depends on the records alone.
        return out.toString().lines().filter(l -> !l.startsWith("#")).sorted().reduce("", (a, b) -> a + b + "\n");
    }

    static Map<String, NodeRecord> decode(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, NodeRecord> out = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.endsWith(".group") || key.indexOf('.') != key.length() - ".group".length()) {
                continue;
            }
            String name = key.substring(0, key.length() - ".group".length());
            String k = name + ".";
            Map<String, String> launch = new TreeMap<>();
            for (String other : p.stringPropertyNames()) {
                if (other.startsWith(k + "launch.")) {
                    launch.put(other.substring((k + "launch.").length()), p.getProperty(other));
                }
            }
            String created = p.getProperty(k + "created");
            out.put(name, NodeRecord.builder(name).group(p.getProperty(k + "group")).index(Integer.parseInt(p.getProperty(k + "index")))
                    .providerId(p.getProperty(k + "id")).endpoint(p.getProperty(k + "host"), Integer.parseInt(p.getProperty(k + "port")))
                    .privateIp(p.getProperty(k + "private_ip")).status(NodeStatus.RUNNING, null).hostKey(p.getProperty(k + "host_key"))
                    .launchToken(p.getProperty(k + "token")).createdAt(created == null ? null : Instant.parse(created)).launch(launch)
                    .build());
        }
        return out;
    }

    private static void set(Properties p, String key, String value) {
        if (value != null) {
            p.setProperty(key, value);
        }
    }
}
