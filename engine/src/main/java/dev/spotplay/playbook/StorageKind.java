package dev.spotplay.playbook;

import java.util.List;
import java.util.function.Function;

/**
 * A kind of shared storage a provider offers ({@code storage: {NAME: {type: KIND, ...}}}): the
 * provider creates it, and these steps mount it, first, on the groups the storage lists.
 */
public record StorageKind(String name, String doc, Function<Storage, List<ProvidedStep>> mountSteps) {}
