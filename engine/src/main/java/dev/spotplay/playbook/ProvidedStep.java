package dev.spotplay.playbook;

import java.util.Map;

/**
 * A setup step a provider adds to the playbook (a storage mount), written in the step language:
 * a module of the {@link dev.spotplay.module.ModuleCatalog} and its arguments, checked by that
 * module like a step the user wrote, then planned, hashed and resumed like any other.
 */
public record ProvidedStep(String name, String module, Map<String, Object> args) {}
