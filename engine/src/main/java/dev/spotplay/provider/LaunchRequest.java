package dev.spotplay.provider;

import dev.spotplay.playbook.Group;
import java.util.List;

/**
 * What the walker asks a provider to launch: some of one group's nodes, during one apply.
 *
 * @param names   the nodes' names, in the order the provider should hand them out
 * @param applyId the apply's id, recorded in state before the call; providers derive their
 *                idempotency tokens from it, so a retried call can never launch twice
 * @param lineage the state's lineage: what the nodes are tagged with, so that another state's
 *                commands know them as not theirs
 */
public record LaunchRequest(Group group, List<NodeName> names, String applyId, String lineage) {

    /** For a state without a lineage. */
    public LaunchRequest(Group group, List<NodeName> names, String applyId) {
        this(group, names, applyId, null);
    }
}
