package dev.spotplay.playbook;

import dev.spotplay.diag.SourceRange;
import java.util.List;

/** A shared storage declaration ({@code storage: {name: {type: efs, mount: /mnt/x, groups: [...]}}}). */
public record Storage(String name, String type, String mount, List<String> groups, SourceRange at) {}
