package dev.spotplay.state.sql;

import dev.spotplay.state.AppliedMigration;
import dev.spotplay.state.ApplyRecord;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.StateStore;
import dev.spotplay.state.StepRun;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The state of a cluster that has never been applied, read without creating a file for it. */
public final class EmptyStateStore implements StateStore {

    @Override public Optional<String> cluster() { return Optional.empty(); }
    @Override public Optional<UUID> lineage() { return Optional.empty(); }
    @Override public long serial() { return 0; }
    @Override public List<AppliedMigration> schemaHistory() { return List.of(); }
    @Override public List<NodeRecord> nodes() { return List.of(); }
    @Override public Optional<NodeRecord> node(String name) { return Optional.empty(); }
    @Override public Map<String, Map<String, StepRun>> latestRuns() { return Map.of(); }
    @Override public List<ApplyRecord> applies() { return List.of(); }
    @Override public Optional<String> get(String key) { return Optional.empty(); }
    @Override public void close() {}

    @Override public void saveNode(NodeRecord node) { throw readOnly(); }
    @Override public void deleteNode(String name) { throw readOnly(); }
    @Override public void resetRuns(String node) { throw readOnly(); }
    @Override public void recordRun(StepRun run) { throw readOnly(); }
    @Override public String beginApply(String command, String holder) { throw readOnly(); }
    @Override public void finishApply(String applyId, String result) { throw readOnly(); }
    @Override public void put(String key, String value) { throw readOnly(); }
    @Override public void remove(String key) { throw readOnly(); }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("state opened read-only (plan, status) cannot be changed");
    }
}
