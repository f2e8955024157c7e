package dev.spotplay.playbook;

import java.util.List;
import java.util.Optional;

/**
 * One key a {@link ProviderLanguage} adds to a block of the playbook ({@code provider:}, a group,
 * {@code ssh:}).
 *
 * @param name         the key as written
 * @param type         what its value is, for messages and docs ("string", "list of strings", ...)
 * @param defaultValue the value the settings hold when the key is absent, or null for none
 * @param doc          one line that says what it does
 * @param required     null if optional; else why it is needed, for the "Missing key" diagnostic
 * @param reader       reads and checks the value (reporting at its position); empty if absent or wrong
 * @param ignored      the warning's detail when a playbook for another provider sets it: a format
 *                     with {@code %1$s} the key, {@code %2$s} its owner, {@code %3$s} the playbook's provider
 */
public record Key(String name, String type, Object defaultValue, String doc, String required, Reader reader, String ignored) {

    public static final String IGNORED = "\"%1$s\" only applies to the %2$s provider; the %3$s provider ignores it.";

    /** Reads the value of {@code key} from a block, reporting what is wrong with it there. */
    @FunctionalInterface
    public interface Reader {
        Optional<?> read(Block block, String key);
    }

    /** A further check of a value read, reported through {@code block}. */
    @FunctionalInterface
    public interface Check<T> {
        void check(Block block, String key, T value);
    }

    public static Key string(String name, String doc) {
        return new Key(name, "string", null, doc, null, Block::string, IGNORED);
    }

    /** One string or a non-empty list of them; the value is a {@code List<String>}. */
    public static Key strings(String name, String doc) {
        return new Key(name, "list of strings (or one string)", null, doc, null,
                (b, k) -> b.strings(k, true, true).map(items -> items.stream().map(Block.Item::text).toList()), IGNORED);
    }

    public static Key decimal(String name, String doc) {
        return new Key(name, "positive decimal", null, doc, null, Block::positiveDecimal, IGNORED);
    }

    /** A key read by its own reader (a nested mapping, a value the provider converts). */
    public static Key custom(String name, String type, String doc, Reader reader) {
        return new Key(name, type, null, doc, null, reader, IGNORED);
    }

    /** One of {@code values}; a did-you-mean names the nearest. */
    public static Key oneOf(String name, List<String> values, String doc) {
        return new Key(name, "one of " + String.join(", ", values), null, doc, null, (b, k) -> b.string(k).filter(v -> {
            if (values.contains(v)) {
                return true;
            }
            b.error(k, "Unknown " + k, "\"" + k + "\" must be one of: " + String.join(", ", values) + ", not \"" + v + "\"."
                    + dev.spotplay.diag.DidYouMean.hint(v, values));
            return false;
        }), IGNORED);
    }

    public Key withDefault(Object value) {
        return new Key(name, type, value, doc, required, reader, ignored);
    }

    public Key required(String why) {
        return new Key(name, type, defaultValue, doc, why, reader, ignored);
    }

    /** Another detail for the "Setting ignored" warning on other providers (see {@link #ignored}). */
    public Key ignoredAs(String format) {
        return new Key(name, type, defaultValue, doc, required, reader, format);
    }

    /** This key, its value checked further once read (the value stays, so later checks still see it). */
    @SuppressWarnings("unchecked")
    public <T> Key checked(Check<T> check) {
        Reader first = reader;
        return new Key(name, type, defaultValue, doc, required, (b, k) -> {
            Optional<?> v = first.read(b, k);
            v.ifPresent(value -> check.check(b, k, (T) value));
            return v;
        }, ignored);
    }
}
