package dev.spotplay.plan;

/**
 * One change the plan will make.
 *
 * @param address   {@code worker.worker003} for a node, {@code worker.worker003.step["fetch data"]} for a step
 * @param group     the node's group (null for cluster-wide resources)
 * @param node      the node's name (null for cluster-wide resources)
 * @param step      the step's name (steps only)
 * @param stepIndex the step's position in the playbook (steps only, else -1)
 * @param reason    why, for display only ("new node", "definition changed", "gone: process gone")
 * @param target    the provider's id of the one machine this change is about, when the name alone
 *                  does not say which (a duplicate under a name that stays); else null
 */
public record Change(Action action, Kind kind, String address, String group, String node, String step, int stepIndex,
                     String reason, String target) {

    public static Change node(Action action, String group, String node, String reason) {
        return new Change(action, Kind.NODE, group + "." + node, group, node, null, -1, reason, null);
    }

    /** Terminate one extra machine under a name whose kept machine stays. */
    public static Change duplicate(String group, String node, String providerId, String reason) {
        return new Change(Action.DELETE, Kind.NODE, group + "." + node + "[" + providerId + "]", group, node, null, -1, reason, providerId);
    }

    public static Change step(String group, String node, String step, int stepIndex, String reason) {
        return new Change(Action.RUN, Kind.STEP, group + "." + node + ".step[\"" + step + "\"]", group, node, step, stepIndex, reason, null);
    }

    public static Change resource(Action action, Kind kind, String address, String reason) {
        return new Change(action, kind, address, null, null, null, -1, reason, null);
    }
}
