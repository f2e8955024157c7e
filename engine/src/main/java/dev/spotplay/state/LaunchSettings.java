package dev.spotplay.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node's launch settings ({@link NodeRecord#launch}) as one text column: a JSON object of
 * strings, keys sorted, so every backend stores and compares them alike. Null or empty text is
 * no settings.
 */
public final class LaunchSettings {
    private static final JsonFactory JSON = new JsonFactory();

    private LaunchSettings() {}

    public static String encode(Map<String, String> settings) {
        if (settings.isEmpty()) {
            return null;
        }
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            for (var e : new TreeMap<>(settings).entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    public static Map<String, String> decode(String text) {
        Map<String, String> out = new TreeMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("launch settings are not a JSON object: " + text);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                out.put(key, p.getText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("launch settings are not readable: " + text, e);
        }
        return out;
    }
}
