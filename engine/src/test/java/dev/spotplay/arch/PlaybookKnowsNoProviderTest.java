package dev.spotplay.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.spotplay.playbook.Key;
import dev.spotplay.playbook.PlaybookLoader;
import dev.spotplay.playbook.ProviderLanguage;
import dev.spotplay.playbook.ProviderLanguages;
import dev.spotplay.playbook.StorageKind;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The playbook package knows no provider: none of the words a provider declares (its type, its
 * group and ssh keys, its storage kinds) is a string literal in the package's compiled classes; they reach
 * the parser only through the {@link ProviderLanguage}s.
 */
class PlaybookKnowsNoProviderTest {

    @Test
    void noProviderWordIsAConstantOfThePlaybookPackage() throws Exception {
        ProviderLanguages languages = ProviderLanguages.installed();
        assertEquals(List.of("local", "aws", "static"), languages.types(), "the providers of this build, default first");
        Set<String> words = new TreeSet<>();
        for (ProviderLanguage l : languages.all()) {
            words.add(l.type());
            // Group and ssh keys: a provider's provider: keys are plain words ("address", "region") a
            // common message may use too; the type names that block anyway.
            Stream.of(l.groupKeys(), l.sshKeys()).flatMap(List::stream).map(Key::name).forEach(words::add);
            l.storageKinds().stream().map(StorageKind::name).forEach(words::add);
        }
        words.addAll(List.of("gp3", "shell"));
        List<String> found = new ArrayList<>();
        Path dir = classesOf(PlaybookLoader.class);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                for (String constant : stringConstants(f)) {
                    if (words.contains(constant)) {
                        found.add(f.getFileName() + ": \"" + constant + "\"");
                    }
                }
            }
        }
        assertFalse(words.isEmpty());
        assertEquals(List.of(), found, "provider words in dev.spotplay.playbook");
    }

    private static Path classesOf(Class<?> c) throws URISyntaxException {
        return Path.of(c.getResource(c.getSimpleName() + ".class").toURI()).getParent();
    }

    /** The string literals of a class file (its constant pool's String entries). */
    static Set<String> stringConstants(Path classFile) throws IOException {
        Map<Integer, String> utf8 = new HashMap<>();
        List<Integer> strings = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(classFile); DataInputStream in = new DataInputStream(raw)) {
            in.readInt(); // magic
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8.put(i, in.readUTF());
                    case 8 -> strings.add(in.readUnsignedShort());
                    case 7, 16, 19, 20 -> in.readUnsignedShort();
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++; // takes two entries
                    }
                    default -> throw new IOException(classFile + ": unknown constant pool tag " + tag);
                }
            }
        }
        Set<String> out = new HashSet<>();
        strings.forEach(i -> out.add(utf8.get(i)));
        return out;
    }
}
