package dev.spotplay.playbook;

import dev.spotplay.diag.SourceRange;
import java.util.List;

/** A shared storage declaration ({@code storage: {name: {type: KIND, mount: /mnt/x, groups: [...]}}}; {@code type} is a {@link StorageKind} of the provider). */
public record Storage(String name, String type, String mount, List<String> groups, SourceRange at) {}
