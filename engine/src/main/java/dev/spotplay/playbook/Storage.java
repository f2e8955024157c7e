package dev.spotplay.playbook;

import dev.spotplay.diag.SourceRange;
import java.util.List;

/**
 * A shared storage declaration ({@code storage: {name: {type: KIND, mount: /mnt/x, groups: [...]}}}; {@code type} is a {@link StorageKind} of the provider).
 *
 * @param settings the keys its kind adds ({@link StorageKind#keys}), as they read them (an existing file system's id, say)
 */
public record Storage(String name, String type, String mount, List<String> groups, java.util.Map<String, Object> settings, SourceRange at) {

    public Storage {
        settings = java.util.Map.copyOf(settings);
    }

    public Storage(String name, String type, String mount, List<String> groups, SourceRange at) {
        this(name, type, mount, groups, java.util.Map.of(), at);
    }

    /** The value of one of its kind's keys, or null. */
    public Object setting(String key) {
        return settings.get(key);
    }
}
