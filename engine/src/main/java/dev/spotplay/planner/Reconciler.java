package dev.spotplay.planner;

import dev.spotplay.provider.NodeName;
import dev.spotplay.provider.ObservedNode;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Merges recorded state with what the provider observes right now. The result is what "is":
 * recorded nodes with their live status, plus nodes the provider holds that state lacks
 * (a crash between launch and record), adopted under the name they were tagged with.
 */
public final class Reconciler {

    /**
     * @param nodes   every node that is, by name, sorted by name
     * @param changed records whose stored form must be updated (new, adopted, or new status)
     * @param fresh   names of nodes that are another machine than the one their recorded step
     *                runs happened on (adopted replacements): their runs no longer count
     * @param duplicates live machines beyond the one kept for their name (a lost launch response
     *                whose launch happened anyway): they must be terminated, never kept or leaked
     */
    public record Result(List<NodeRecord> nodes, List<NodeRecord> changed, java.util.Set<String> fresh,
                         List<Duplicate> duplicates, List<ObservedNode> foreign) {

        public Result(List<NodeRecord> nodes, List<NodeRecord> changed, java.util.Set<String> fresh, List<Duplicate> duplicates) {
            this(nodes, changed, fresh, duplicates, List.of());
        }
    }

    /**
     * Whose machines are this state's: those launched under its {@code lineage} (empty for a
     * state that has none yet), those it records by id, and those that carry no lineage
     * (launched before lineages were kept); with {@code adopt}, every one of the cluster's.
     */
    public record Ownership(java.util.Optional<String> lineage, boolean adopt) {
        public static final Ownership ANY = new Ownership(java.util.Optional.empty(), true);
    }

    /** A second (third, ...) live machine under one name, and the id of the one that is kept. */
    public record Duplicate(ObservedNode node, String keptId) {}

    public Result reconcile(List<NodeRecord> recorded, List<ObservedNode> observed) {
        return reconcile(recorded, observed, Ownership.ANY);
    }

    /**
     * As {@link #reconcile(List, List)}, for the machines that are this state's: another
     * state's (a colleague's copy of the playbook, a lost state's) are set apart as
     * {@link Result#foreign}: never adopted, never counted as duplicates, never terminated.
     */
    public Result reconcile(List<NodeRecord> recorded, List<ObservedNode> all, Ownership owner) {
        return reconcile(recorded, all, owner, Map.of());
    }

    /**
     * As {@link #reconcile(List, List, Ownership)}, knowing the machines a wave of replacements
     * keeps up ({@code replacing}: each node's record as it was before its wave, see
     * {@code state.Replacing}). Such a machine, still running, is the node again when its
     * replacement never came (a crash before or during its launch: the record goes back as it
     * was, launch settings included, so the plan replaces it again), and an extra machine, to
     * terminate, once a replacement runs under its name. Either way one machine per name.
     */
    public Result reconcile(List<NodeRecord> recorded, List<ObservedNode> all, Ownership owner, Map<String, NodeRecord> replacing) {
        if (!replacing.isEmpty()) {
            return retiring(recorded, all, owner, replacing);
        }
        java.util.Set<String> recordedById = new java.util.HashSet<>();
        recorded.forEach(r -> {
            if (r.providerId() != null) {
                recordedById.add(r.providerId());
            }
        });
        List<ObservedNode> observed = new ArrayList<>();
        List<ObservedNode> foreign = new ArrayList<>();
        for (ObservedNode o : all) {
            boolean mine = owner.adopt() || o.lineage() == null || recordedById.contains(o.providerId())
                    || owner.lineage().map(o.lineage()::equals).orElse(false);
            (mine ? observed : foreign).add(o);
        }
        Result r = reconcileOwn(recorded, observed);
        return new Result(r.nodes(), r.changed(), r.fresh(), r.duplicates(),
                List.copyOf(foreign.stream().filter(ObservedNode::alive).toList()));
    }

    private Result retiring(List<NodeRecord> recorded, List<ObservedNode> all, Ownership owner, Map<String, NodeRecord> replacing) {
        List<NodeRecord> records = new ArrayList<>(recorded);
        List<ObservedNode> observed = new ArrayList<>(all);
        List<ObservedNode> retired = new ArrayList<>();
        java.util.Set<String> restored = new java.util.TreeSet<>();
        for (NodeRecord old : replacing.values()) {
            int at = -1;
            for (int i = 0; i < records.size(); i++) {
                if (records.get(i).name().equals(old.name())) {
                    at = i;
                }
            }
            if (old.providerId() == null || at < 0 || old.providerId().equals(records.get(at).providerId())) {
                continue; // not replaced yet, or back already; or no longer a node (destroyed): the usual rules
            }
            ObservedNode machine = observed.stream().filter(o -> o.alive() && old.providerId().equals(o.providerId()))
                    .findFirst().orElse(null);
            if (machine == null) {
                continue; // the old machine is gone: nothing to keep or to terminate
            }
            boolean replacement = observed.stream().anyMatch(o -> o.alive() && old.name().equals(o.name())
                    && !old.providerId().equals(o.providerId()));
            if (replacement) {
                observed.remove(machine);
                retired.add(machine);
            } else {
                records.set(at, old);
                restored.add(old.name());
            }
        }
        Result r = reconcile(records, observed, owner);
        List<NodeRecord> changed = new ArrayList<>(r.changed());
        for (NodeRecord n : r.nodes()) {
            if (restored.contains(n.name()) && !changed.contains(n)) {
                changed.add(n); // the stored record is still the replacement's intent
            }
        }
        List<Duplicate> duplicates = new ArrayList<>(r.duplicates());
        for (ObservedNode o : retired) {
            String kept = r.nodes().stream().filter(n -> n.name().equals(o.name())).map(NodeRecord::providerId).findFirst().orElse(null);
            duplicates.add(new Duplicate(o, kept));
        }
        return new Result(r.nodes(), List.copyOf(changed), r.fresh(), List.copyOf(duplicates), r.foreign());
    }

    private Result reconcileOwn(List<NodeRecord> recorded, List<ObservedNode> observed) {
        Map<String, String> recordedIds = new HashMap<>();
        recorded.forEach(r -> recordedIds.put(r.name(), r.providerId()));
        Map<String, ObservedNode> seen = new HashMap<>();
        for (ObservedNode o : observed) {
            ObservedNode prior = seen.get(o.name());
            // Prefer a live one if a name is observed twice; among live ones, the recorded one, else the first seen.
            if (prior == null || (!prior.alive() && o.alive())
                    || (!prior.alive() && !o.alive() && Objects.equals(o.providerId(), recordedIds.get(o.name()))) // a paused recorded one over an old dead one
                    || (o.alive() && Objects.equals(o.providerId(), recordedIds.get(o.name()))
                        && !Objects.equals(prior.providerId(), recordedIds.get(o.name())))) {
                seen.put(o.name(), o);
            }
        }
        List<Duplicate> duplicates = new ArrayList<>();
        for (ObservedNode o : observed) {
            ObservedNode kept = seen.get(o.name());
            if (o.alive() && kept != o) {
                duplicates.add(new Duplicate(o, kept.providerId()));
            }
        }
        Map<String, NodeRecord> result = new LinkedHashMap<>();
        List<NodeRecord> changed = new ArrayList<>();
        java.util.Set<String> fresh = new java.util.TreeSet<>();
        for (NodeRecord r : recorded) {
            ObservedNode o = seen.remove(r.name());
            NodeRecord now = merge(r, o);
            if (o != null && o.alive() && !Objects.equals(r.providerId(), o.providerId())) {
                fresh.add(r.name());
            }
            result.put(now.name(), now);
            if (!now.equals(r)) {
                changed.add(now);
            }
        }
        for (ObservedNode o : seen.values()) {
            if (!o.alive()) {
                continue;
            }
            String group = o.group() != null ? o.group() : NodeName.parse(o.name()).group();
            NodeRecord adopted = NodeRecord.builder(o.name()).group(group).index(o.indexOrFromName())
                    .providerId(o.providerId()).endpoint(o.host(), o.port()).privateIp(o.privateIp()).launch(o.settings())
                    .status(NodeStatus.RUNNING, "adopted: found at the provider, missing from state").createdAt(Instant.now()).build();
            result.put(adopted.name(), adopted);
            changed.add(adopted);
            fresh.add(adopted.name());
        }
        List<NodeRecord> nodes = new ArrayList<>(result.values());
        nodes.sort(java.util.Comparator.comparing(NodeRecord::name, NodeName.ORDER));
        return new Result(List.copyOf(nodes), List.copyOf(changed), java.util.Set.copyOf(fresh), List.copyOf(duplicates));
    }

    private static NodeRecord merge(NodeRecord r, ObservedNode o) {
        if (o != null && o.stopped() && Objects.equals(r.providerId(), o.providerId())) {
            // Paused, not gone: the same machine, its disk and host key kept, until it is started again.
            return r.status() == NodeStatus.STOPPED ? r : r.withStatus(NodeStatus.STOPPED, o.reason() != null ? o.reason() : "stopped at the provider");
        }
        if (o == null || !o.alive()) {
            if (r.status() == NodeStatus.GONE) {
                return r;
            }
            String reason = o != null && o.reason() != null ? o.reason()
                    : r.providerId() == null ? "launch did not complete" : "gone at the provider";
            return r.withStatus(NodeStatus.GONE, reason);
        }
        boolean sameNode = Objects.equals(r.providerId(), o.providerId());
        String hostKey = sameNode ? r.hostKey() : null; // a different machine has a different key
        NodeStatus status = sameNode && r.status() == NodeStatus.DOWN ? NodeStatus.DOWN : NodeStatus.RUNNING;
        String reason = sameNode ? (status == r.status() ? r.statusReason() : null) : "adopted: launched but not recorded";
        int index = o.index() > 0 ? o.index() : r.index(); // a static inventory may reorder its hosts
        String group = o.group() != null ? o.group() : r.group(); // an inventory may move a host to another group
        // A record without launch settings (made before they were recorded) takes what the
        // machine itself shows, so a changed instance type is still seen.
        java.util.Map<String, String> launch = r.launch().isEmpty() ? o.settings() : r.launch();
        return r.toBuilder().group(group).index(index).providerId(o.providerId()).endpoint(o.host(), o.port())
                .privateIp(o.privateIp()).status(status, reason).hostKey(hostKey).launch(launch).build();
    }
}
