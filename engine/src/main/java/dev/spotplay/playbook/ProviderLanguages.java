package dev.spotplay.playbook;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The provider languages on the class path, by type (as {@link dev.spotplay.module.ModuleCatalog} is for modules). */
public final class ProviderLanguages {
    private final List<ProviderLanguage> all;

    public ProviderLanguages(Collection<? extends ProviderLanguage> languages) {
        this.all = languages.stream()
                .sorted(Comparator.comparing((ProviderLanguage l) -> !l.isDefault()).thenComparing(ProviderLanguage::type)).map(l -> (ProviderLanguage) l).toList();
        if (all.stream().filter(ProviderLanguage::isDefault).count() != 1) {
            throw new IllegalStateException("exactly one provider must be the default, not: "
                    + all.stream().filter(ProviderLanguage::isDefault).map(ProviderLanguage::type).toList());
        }
    }

    /** Every language ServiceLoader finds. */
    public static ProviderLanguages installed() {
        return new ProviderLanguages(ServiceLoader.load(ProviderLanguage.class).stream().map(ServiceLoader.Provider::get).toList());
    }

    public Optional<ProviderLanguage> find(String type) {
        return all.stream().filter(l -> l.type().equals(type)).findFirst();
    }

    public ProviderLanguage defaultLanguage() {
        return all.stream().filter(ProviderLanguage::isDefault).findFirst().orElseThrow();
    }

    /** Every language: the default first, then by type. */
    public List<ProviderLanguage> all() {
        return all;
    }

    public List<String> types() {
        return all.stream().map(ProviderLanguage::type).toList();
    }
}
