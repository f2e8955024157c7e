package dev.spotplay.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Why a change is in the plan: one of a closed set ({@link Why}) with its details, for display
 * only. Nothing decides on a reason; apply and destroy decide on the action and the address.
 *
 * @param why     which reason
 * @param details its details, as many as {@code why} takes (checked), in the order of its factory's parameters
 */
public record Reason(Why why, List<String> details) {

    /** The reasons there are, each with the display text it builds from its details. */
    public enum Why {
        /** A node to create: its name is free or new. */
        NEW_NODE(0, 0, d -> "new"),
        /** A step on a node that is new (or another machine than its runs were on). */
        STEP_ON_NEW_NODE(0, 0, d -> "new node"),
        /** A resource the provider creates; detail: the provider's description of it. */
        NEW_RESOURCE(1, 1, d -> d.get(0)),
        /** The step's definition hash differs from the one that last succeeded. */
        DEFINITION_CHANGED(0, 0, d -> "definition changed"),
        NEVER_RAN_HERE(0, 0, d -> "never ran here"),
        FAILED_LAST_TIME(0, 0, d -> "failed last time"),
        /** The step says {@code always: true}. */
        ALWAYS(0, 0, d -> "always"),
        /** {@code --recheck}. */
        RECHECK(0, 0, d -> "recheck"),
        /** The node's machine is gone (or its launch never completed); detail, if known: the provider's why. */
        GONE(0, 1, d -> "gone" + colon(d)),
        /**
         * The node stopped or terminated itself after its group's {@code autostop} idle time
         * (shown for a node gone that way; a stopped one is listed in the plan's notes); detail,
         * if known: the provider's account of it.
         */
        AUTOSTOPPED(0, 1, d -> "autostopped" + (d.isEmpty() ? "" : ": " + d.get(0).replaceFirst("^autostopped:? *", ""))),
        /** The machine is alive but never answered SSH; detail, if known: why. */
        DOWN(0, 1, d -> "down" + colon(d)),
        /** A second live machine under a node's name; details: the name, the id of the machine that stays. */
        DUPLICATE_OF(2, 2, d -> "duplicate of " + d.get(0) + " (" + d.get(1) + "), which stays"),
        /** The group has more nodes than its count; detail: the count. */
        SCALE_DOWN(1, 1, d -> "scale down to " + d.get(0)),
        /** The node's group left the playbook; detail: the group. */
        GROUP_REMOVED(1, 1, d -> "group \"" + d.get(0) + "\" is no longer in the playbook"),
        /** A provider that declares its nodes (an inventory) no longer declares this one; detail: the provider type. */
        NO_LONGER_DECLARED(1, 1, d -> "no longer declared by the " + d.get(0) + " provider"),
        /** A resource the provider will change in place; detail: the provider's summary of the change. */
        ATTRIBUTE_CHANGED(1, 1, d -> d.get(0)),
        /** A node's launch settings differ from the playbook's now (the attributes say which): replaced, or updated in place. */
        SETTINGS_CHANGED(0, 0, d -> "launch settings changed"),
        /** {@code --replace NODE}: replaced though nothing about it changed. */
        REPLACE_REQUESTED(0, 0, d -> "--replace"),
        /** {@code destroy}: the cluster goes. */
        DESTROY(0, 0, d -> "destroy"),
        /** {@code destroy} of a node already gone; detail, if known: why it went. */
        DESTROY_GONE(0, 1, d -> "destroy (already gone" + colon(d) + ")"),
        /** {@code destroy} of a node the provider only declares (a static host): it is forgotten; detail: the provider type. */
        FORGOTTEN(1, 1, d -> forgotten(d.get(0))),
        /** {@link #FORGOTTEN}, of a node already gone; details: the provider type and, if known, why it went. */
        FORGOTTEN_GONE(1, 2, d -> forgotten(d.get(0)) + " (already gone" + colon(d.subList(1, d.size())) + ")"),
        /** {@code destroy} of a second machine under a name; detail: the name. */
        DESTROY_DUPLICATE(1, 1, d -> "destroy: duplicate of " + d.get(0)),
        /** {@code destroy --include-storage} of storage: its data goes too. */
        DATA_DELETED(0, 0, d -> "--include-storage: its data is deleted");

        private final int minDetails;
        private final int maxDetails;
        private final Function<List<String>, String> text;

        Why(int minDetails, int maxDetails, Function<List<String>, String> text) {
            this.minDetails = minDetails;
            this.maxDetails = maxDetails;
            this.text = text;
        }

        private static String colon(List<String> details) {
            return details.isEmpty() ? "" : ": " + details.get(0);
        }

        private static String forgotten(String providerType) {
            return "destroy: forgotten, nothing is done to the host (the " + providerType + " provider terminates nothing)";
        }
    }

    public Reason {
        details = List.copyOf(details);
        if (details.size() < why.minDetails || details.size() > why.maxDetails) {
            throw new IllegalArgumentException(why + " takes " + why.minDetails + ".." + why.maxDetails + " details, not " + details);
        }
    }

    /** The text shown in parentheses after the change. */
    public String text() {
        return why.text.apply(details);
    }

    @Override
    public String toString() {
        return text();
    }

    /** A reason without details. */
    public static Reason of(Why why) {
        return new Reason(why, List.of());
    }

    public static Reason newResource(String description) {
        return new Reason(Why.NEW_RESOURCE, List.of(description));
    }

    public static Reason attributeChanged(String summary) {
        return new Reason(Why.ATTRIBUTE_CHANGED, List.of(summary));
    }

    /** @param why the provider's or the state's why, or null if unknown */
    public static Reason gone(String why) {
        return optional(Why.GONE, why);
    }

    /** @param why the provider's account of it (starting {@code autostopped}), or null if unknown */
    public static Reason autostopped(String why) {
        return optional(Why.AUTOSTOPPED, why);
    }

    /** @param why why it is down, or null if unknown */
    public static Reason down(String why) {
        return optional(Why.DOWN, why);
    }

    /** @param why why it went, or null if unknown */
    public static Reason destroyGone(String why) {
        return optional(Why.DESTROY_GONE, why);
    }

    public static Reason forgotten(String providerType) {
        return new Reason(Why.FORGOTTEN, List.of(providerType));
    }

    /** @param why why it went, or null if unknown */
    public static Reason forgottenGone(String providerType, String why) {
        List<String> details = new ArrayList<>(List.of(providerType));
        if (why != null) {
            details.add(why);
        }
        return new Reason(Why.FORGOTTEN_GONE, details);
    }

    public static Reason duplicateOf(String node, String keptId) {
        return new Reason(Why.DUPLICATE_OF, List.of(node, keptId));
    }

    public static Reason destroyDuplicate(String node) {
        return new Reason(Why.DESTROY_DUPLICATE, List.of(node));
    }

    public static Reason scaleDown(int count) {
        return new Reason(Why.SCALE_DOWN, List.of(Integer.toString(count)));
    }

    public static Reason groupRemoved(String group) {
        return new Reason(Why.GROUP_REMOVED, List.of(group));
    }

    public static Reason noLongerDeclared(String providerType) {
        return new Reason(Why.NO_LONGER_DECLARED, List.of(providerType));
    }

    private static Reason optional(Why why, String detail) {
        List<String> details = new ArrayList<>();
        if (detail != null) {
            details.add(detail);
        }
        return new Reason(why, details);
    }
}
