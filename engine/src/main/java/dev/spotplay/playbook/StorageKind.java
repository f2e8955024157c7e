package dev.spotplay.playbook;

import java.util.List;
import java.util.function.Function;

/**
 * A kind of shared storage a provider offers ({@code storage: {NAME: {type: KIND, ...}}}): the
 * provider creates it (or uses one that exists, as its {@code keys} say), and these steps mount
 * it, first, on the groups the storage lists.
 *
 * @param keys the keys a storage of this kind may have beside {@code type}, {@code mount} and {@code groups}
 */
public record StorageKind(String name, String doc, Function<Storage, List<ProvidedStep>> mountSteps, List<Key> keys) {

    public StorageKind(String name, String doc, Function<Storage, List<ProvidedStep>> mountSteps) {
        this(name, doc, mountSteps, List.of());
    }
}
