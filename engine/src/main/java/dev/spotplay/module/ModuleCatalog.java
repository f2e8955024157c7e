package dev.spotplay.module;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The step modules found on the class path, by name. */
public final class ModuleCatalog {
    private final Map<String, StepModule> modules;

    public ModuleCatalog(Collection<StepModule> modules) {
        Map<String, StepModule> byName = new TreeMap<>();
        for (StepModule m : modules) {
            byName.put(m.name(), m);
        }
        this.modules = Map.copyOf(byName);
    }

    /** Every module that {@link ServiceLoader} finds. */
    public static ModuleCatalog load() {
        return new ModuleCatalog(ServiceLoader.load(StepModule.class).stream().map(ServiceLoader.Provider::get).toList());
    }

    public Optional<StepModule> find(String name) {
        return Optional.ofNullable(modules.get(name));
    }

    public Collection<String> names() {
        return new TreeMap<>(modules).keySet();
    }
}
