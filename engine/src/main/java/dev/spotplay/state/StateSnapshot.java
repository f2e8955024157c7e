package dev.spotplay.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything a state holds that a copy must carry (state push|pull): its identity (cluster,
 * lineage, serial), its nodes, the current run of each step on each node, its command history
 * and its facts. Runs superseded by a later one (a changed step, a replaced node) stay behind.
 */
public record StateSnapshot(String cluster, UUID lineage, long serial, List<NodeRecord> nodes, List<StepRun> runs,
                            List<ApplyRecord> applies, Map<String, String> facts, Optional<String> movedTo) {

    public StateSnapshot {
        nodes = List.copyOf(nodes);
        runs = List.copyOf(runs);
        applies = List.copyOf(applies);
        facts = Map.copyOf(facts);
    }
}
