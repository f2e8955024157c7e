package dev.spotplay.playbook;

import dev.spotplay.diag.SourceRange;
import java.util.List;

/**
 * A name a template uses that only the nodes' own variables can define (a static inventory's),
 * kept for the provider to check once it has read them.
 *
 * @param ref    the reference, as the template writes it
 * @param groups the groups of the step it is in ({@code all} for every group)
 * @param at     where it is written
 */
public record NodeReference(Templates.Reference ref, List<String> groups, SourceRange at) {
    public NodeReference {
        groups = List.copyOf(groups);
    }
}
