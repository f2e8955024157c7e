package dev.spotplay.plan;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything apply will do, in the order it is listed: resources, node launches and
 * terminations, then step runs in walk order. Apply executes exactly this.
 *
 * @param cluster       the cluster's name
 * @param provider      the provider type, for display
 * @param changes       the changes; a node never appears in two node changes
 * @param liveNodes     how many nodes the cluster will have after apply
 * @param hourlyCost    estimated USD per hour of the cluster after apply
 * @param notes         lines shown under the plan (warnings, the SSH rule, ...)
 */
public record Plan(String cluster, String provider, List<Change> changes, int liveNodes, double hourlyCost, List<String> notes) {

    public boolean hasChanges() {
        return !changes.isEmpty();
    }

    /** Changes to nodes: by name ({@link Address.Node}) or one extra machine ({@link Address.Duplicate}). */
    public List<Change> nodeChanges() {
        return changes.stream().filter(c -> c.address() instanceof Address.Node || c.address() instanceof Address.Duplicate).toList();
    }

    public List<Change> stepChanges() {
        return changes.stream().filter(c -> c.address() instanceof Address.Step).toList();
    }

    /** The steps to run, in walk order. */
    public List<Address.Step> steps() {
        return stepChanges().stream().map(c -> (Address.Step) c.address()).toList();
    }

    public Summary summary() {
        int launch = 0;
        int terminate = 0;
        int update = 0;
        for (Change c : nodeChanges()) {
            switch (c.action()) {
                case CREATE -> launch++;
                case DELETE -> terminate++;
                case UPDATE -> update++;
                case REPLACE -> {
                    launch++;
                    terminate++;
                }
                default -> { }
            }
        }
        Set<String> steps = new LinkedHashSet<>();
        Set<String> nodes = new LinkedHashSet<>();
        List<Address.Step> runs = steps();
        for (Address.Step s : runs) {
            steps.add(s.name());
            nodes.add(s.node().name());
        }
        return new Summary(launch, terminate, update, steps.size(), nodes.size(), runs.size());
    }

    /**
     * @param nodesToUpdate  nodes changed in place (their updatable launch settings)
     * @param stepsToRun     distinct steps that run somewhere
     * @param nodesWithSteps distinct nodes where something runs
     * @param stepRuns       step × node pairs
     */
    public record Summary(int nodesToLaunch, int nodesToTerminate, int nodesToUpdate, int stepsToRun, int nodesWithSteps, int stepRuns) {}
}
