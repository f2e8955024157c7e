package dev.spotplay.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.diag.Diagnostic;
import dev.spotplay.diag.DiagnosticException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider the playbook package has never heard of gets its keys, storage and membership
 * read through its declaration alone: the parser is the same for every provider.
 */
class ProviderLanguageTest {
    @TempDir
    Path dir;

    /** The default: no keys, spotplay counts the nodes. */
    static final ProviderLanguage HOME = new ProviderLanguage() {
        @Override public String type() { return "home"; }
        @Override public boolean isDefault() { return true; }
    };

    /** A cloud with one group key, one storage kind that mounts with a shell step, members declared by it. */
    static final ProviderLanguage CLOUD = new ProviderLanguage() {
        @Override public String type() { return "cloud"; }
        @Override public List<Key> providerKeys() { return List.of(Key.string("zone", "where").required("the zone.")); }
        @Override public List<Key> groupKeys() { return List.of(Key.oneOf("size", List.of("small", "large"), "how big").withDefault("small")); }
        @Override public Membership membership() { return Membership.DECLARED; }
        @Override public List<StorageKind> storageKinds() {
            return List.of(new StorageKind("disk", "a disk", s -> List.of(new ProvidedStep("attach " + s.name(), "shell",
                    Map.of(Step.MAIN_ARG, "attach " + s.mount())))));
        }
    };

    static final ProviderLanguages LANGUAGES = new ProviderLanguages(List.of(CLOUD, HOME));

    private PlaybookLoader.Loaded load(String yaml) {
        return PlaybookLoader.load(Fixtures.write(dir, yaml), TestModules.catalog(), LANGUAGES);
    }

    private List<Diagnostic> errors(String yaml) {
        return assertThrows(DiagnosticException.class, () -> load(yaml)).diagnostics().errors();
    }

    @Test
    void itsKeysDefaultsStorageAndMembershipComeFromItsDeclaration() {
        Playbook p = load("name: x\nprovider: {type: cloud, zone: z1}\ngroups:\n  web: {}\n  db: {count: 2, size: large}\n"
                + "storage:\n  data: {mount: /data}\nsteps:\n  - shell: echo\n").playbook();
        assertEquals(Map.of("zone", "z1"), p.provider().settings());
        assertEquals(Membership.DECLARED, p.provider().membership());
        Group web = p.group("web").orElseThrow();
        assertEquals(OptionalInt.empty(), web.count(), "members declared by the provider: count is optional");
        assertEquals(5, web.minimumUp(5), "no count: every member");
        assertEquals("small", web.setting("size"));
        assertEquals("large", p.group("db").orElseThrow().setting("size"));
        assertEquals(List.of("disk"), p.storage().stream().map(Storage::type).toList(), "its only kind is the default type");
        Step mount = p.steps().get(0);
        assertEquals(List.of("attach data", "shell #1"), p.steps().stream().map(Step::name).toList());
        assertEquals(List.of(0, 1), p.steps().stream().map(Step::index).toList());
        assertEquals("shell", mount.module());
        assertEquals("attach /data", mount.args().get(Step.MAIN_ARG));
    }

    @Test
    void anAlwaysStepStaysAlwaysBehindTheMountSteps() {
        Playbook p = load("name: x\nprovider: {type: cloud, zone: z1}\ngroups:\n  web: {}\nstorage:\n  data: {mount: /data}\n"
                + "steps:\n  - shell: date\n    always: true\n").playbook();
        assertEquals(List.of(false, true), p.steps().stream().map(Step::always).toList());
    }

    @Test
    void becomeAndBecomeUserAreReadAsWrittenAndKeptBehindTheMountSteps() {
        Playbook p = load("name: x\nprovider: {type: cloud, zone: z1}\ngroups:\n  web: {}\nstorage:\n  data: {mount: /data}\n"
                + "steps:\n  - shell: date\n    become: true\n  - shell: id\n    become_user: postgres\n    become: true\n"
                + "  - shell: ls\n  - shell: ls -a\n    become: false\n").playbook();
        assertEquals(List.of(Become.NONE, new Become(true, null), new Become(true, "postgres"), Become.NONE, new Become(false, null)),
                p.steps().stream().map(Step::become).toList());
        assertEquals(java.util.Arrays.asList(null, "root", "postgres", null, null),
                p.steps().stream().map(st -> st.become().runAs()).toList());
    }

    @Test
    void theDefaultProviderCountsAndCannotProvideAnothersStorage() {
        List<Diagnostic> errors = errors("name: x\ngroups:\n  web: {}\nstorage:\n  data: {mount: /data}\n");
        Fixtures.errorContaining(errors, "needs \"count\"");
        Diagnostic storage = Fixtures.errorContaining(errors, "Shared storage (type disk) is created by the cloud provider; "
                + "the home provider cannot provide it. Remove \"storage\" or use provider type cloud.");
        assertEquals("Storage needs the cloud provider", storage.summary());
    }

    @Test
    void anotherProvidersKeyIsCheckedThenWarnedAbout() {
        Diagnostic wrong = Fixtures.errorContaining(errors("name: x\ngroups:\n  web: {count: 1, size: huge}\n"),
                "\"size\" must be one of: small, large, not \"huge\".");
        assertEquals("3:25", wrong.range().line() + ":" + wrong.range().column(), wrong::render);
        PlaybookLoader.Loaded loaded = load("name: x\ngroups:\n  web: {count: 1, size: large}\n");
        assertEquals(List.of("\"size\" only applies to the cloud provider; the home provider ignores it."),
                loaded.warnings().stream().map(Diagnostic::detail).toList());
        assertEquals(Map.of(), loaded.playbook().group("web").orElseThrow().settings());
    }

    @Test
    void unknownTypesAndKeysAreNamedFromTheDeclarations() {
        Fixtures.errorContaining(errors("name: x\nprovider: {type: clod}\ngroups:\n  web: {count: 1}\n"),
                "\"type\" must be one of: home, cloud, not \"clod\". Did you mean \"cloud\"?");
        Fixtures.errorContaining(errors("name: x\nprovider: {type: cloud}\ngroups:\n  web: {}\n"), "needs \"zone\": the zone.");
        Diagnostic key = Fixtures.errorContaining(errors("name: x\ngroups:\n  web: {count: 1, sise: large}\n"), "Did you mean \"size\"?");
        assertTrue(key.detail().contains("Allowed keys: count, min_count, size, after, replace, extends."), key::render);
        Fixtures.errorContaining(errors("name: x\nprovider: {type: cloud, zone: z}\ngroups:\n  web: {}\nstorage:\n  d: {type: dsk, mount: /d}\n"),
                "\"type\" must be disk (the only storage type), not \"dsk\".");
    }
}
