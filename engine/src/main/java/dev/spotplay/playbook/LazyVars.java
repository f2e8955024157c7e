package dev.spotplay.playbook;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A read-only map of template variables whose values are worked out only when read: the names
 * are cheap ({@link #keySet()}), each value costs ({@link #get}). Nothing here reads a value
 * unless asked for that one: size and emptiness come from the names, iterating the entries
 * reads a value only when the entry's value is read, and equality is identity (a view is not
 * compared by its contents, which could be every host's variables).
 */
public abstract class LazyVars extends AbstractMap<String, Object> {

    @Override
    public abstract boolean containsKey(Object key);

    @Override
    public abstract Object get(Object key);

    /** The names, in the order a person would read them; values are not read. */
    @Override
    public abstract Set<String> keySet();

    @Override
    public int size() {
        return keySet().size();
    }

    @Override
    public boolean isEmpty() {
        return keySet().isEmpty();
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        Set<String> keys = keySet();
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                Iterator<String> it = keys.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        String k = it.next();
                        return new Map.Entry<>() {
                            @Override public String getKey() { return k; }
                            @Override public Object getValue() { return get(k); }
                            @Override public Object setValue(Object value) { throw new UnsupportedOperationException("read-only"); }
                        };
                    }
                };
            }

            @Override
            public int size() {
                return keys.size();
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
