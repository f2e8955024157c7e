package dev.spotplay.playbook;

import java.util.Map;

/**
 * The {@code provider:} block. {@code type} names a {@link ProviderLanguage}; {@code settings}
 * holds the other keys as that language's {@link Key}s read them (strings, lists, paths), and
 * {@code membership} is what the language says about who names a group's nodes.
 */
public record ProviderConfig(String type, Map<String, Object> settings, Membership membership) {

    public String setting(String key) {
        Object v = settings.get(key);
        return v == null ? null : v.toString();
    }
}
