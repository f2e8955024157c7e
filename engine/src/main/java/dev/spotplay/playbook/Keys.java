package dev.spotplay.playbook;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads the keys a {@link ProviderLanguage} declares for a block, and those of the others as ignored. */
final class Keys {
    private Keys() {}

    /** The declared keys' values (or defaults), in declaration order; a required key that is absent is reported. */
    static Map<String, Object> read(Block block, List<Key> keys) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Key k : keys) {
            if (k.required() != null) {
                block.requireKey(k.name(), k.required());
            }
            if (block.has(k.name())) {
                k.reader().read(block, k.name()).ifPresent(v -> out.put(k.name(), v));
            } else if (k.defaultValue() != null) {
                out.put(k.name(), k.defaultValue());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Keys that other providers declare and {@code block} sets: checked by their owner (so a
     * mistake shows now), then a warning that this provider ignores them. The values are dropped.
     */
    static void ignored(Block block, String own, List<ProviderLanguage> all, Function<ProviderLanguage, List<Key>> declared) {
        List<String> seen = new ArrayList<>(ownNames(own, all, declared));
        for (ProviderLanguage other : all) {
            if (other.type().equals(own)) {
                continue;
            }
            for (Key k : declared.apply(other)) {
                if (block.has(k.name()) && !seen.contains(k.name())) {
                    seen.add(k.name());
                    k.reader().read(block, k.name());
                    block.warning(block.keyAt(k.name()), "Setting ignored", String.format(k.ignored(), k.name(), other.type(), own));
                }
            }
        }
    }

    /** Every key name any language declares for this block, the default language's first, each once. */
    static List<String> names(List<ProviderLanguage> all, Function<ProviderLanguage, List<Key>> declared) {
        List<String> out = new ArrayList<>();
        all.forEach(l -> declared.apply(l).forEach(k -> {
            if (!out.contains(k.name())) {
                out.add(k.name());
            }
        }));
        return out;
    }

    private static List<String> ownNames(String own, List<ProviderLanguage> all, Function<ProviderLanguage, List<Key>> declared) {
        return all.stream().filter(l -> l.type().equals(own)).flatMap(l -> declared.apply(l).stream()).map(Key::name).toList();
    }
}
