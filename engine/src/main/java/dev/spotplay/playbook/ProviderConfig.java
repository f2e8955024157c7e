package dev.spotplay.playbook;

import java.util.Map;

/**
 * The {@code provider:} block. {@code type} is {@code local}, {@code aws} or {@code static};
 * {@code settings} holds the other keys as parsed (strings, numbers, lists), already checked
 * against the keys that type allows.
 */
public record ProviderConfig(String type, Map<String, Object> settings) {
    public static final String LOCAL = "local";
    public static final String AWS = "aws";
    public static final String STATIC = "static";

    public String setting(String key) {
        Object v = settings.get(key);
        return v == null ? null : v.toString();
    }
}
