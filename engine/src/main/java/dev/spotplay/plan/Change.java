package dev.spotplay.plan;

import java.util.List;

/**
 * One change the plan will make: what it does, to which resource, why (for display only), and
 * for an update or a replacement, the attributes it changes.
 *
 * @param attributes each attribute's before and after value; empty unless the action is
 *                   {@link Action#UPDATE} or {@link Action#REPLACE}
 */
public record Change(Action action, Address address, Reason reason, List<AttributeChange> attributes) {

    public Change {
        attributes = List.copyOf(attributes);
        if (!attributes.isEmpty() && action != Action.UPDATE && action != Action.REPLACE) {
            throw new IllegalArgumentException("only an update or a replacement changes attributes: " + action + " " + address.text());
        }
    }

    public Change(Action action, Address address, Reason reason) {
        this(action, address, reason, List.of());
    }

    public static Change node(Action action, String group, String node, Reason reason) {
        return new Change(action, new Address.Node(group, node), reason);
    }

    /** Terminate one extra machine under a name whose kept machine stays. */
    public static Change duplicate(String group, String node, String providerId, Reason reason) {
        return new Change(Action.DELETE, new Address.Duplicate(new Address.Node(group, node), providerId), reason);
    }

    public static Change step(String group, String node, String step, int stepIndex, Reason reason) {
        return new Change(Action.RUN, new Address.Step(new Address.Node(group, node), step, stepIndex), reason);
    }

    /** A cluster-wide resource of the provider's kind ({@code key_pair}, ...). */
    public static Change resource(Action action, String kind, String name, Reason reason) {
        return new Change(action, new Address.Resource(kind, name), reason);
    }

    public Change withAttributes(List<AttributeChange> changed) {
        return new Change(action, address, reason, changed);
    }
}
