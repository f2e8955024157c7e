package dev.spotplay.plan;

import java.util.List;
import java.util.Optional;

/**
 * One change the plan will make: what it does, to which resource, why (for display only), and
 * for an update or a replacement, the attributes it changes.
 *
 * @param attributes each attribute's before and after value; empty unless the action is
 *                   {@link Action#UPDATE} or {@link Action#REPLACE}
 * @param definition for a step run, the hash of the step's definition as it will run (module,
 *                   resolved arguments, the contents of the files it sends), when the plan can
 *                   know it: on a node that exists. Empty on a node still to be launched, whose
 *                   facts (its address) are known only after launch, and for every other change.
 *                   Apply refuses to run a step whose definition is no longer this one.
 */
public record Change(Action action, Address address, Reason reason, List<AttributeChange> attributes, Optional<String> definition) {

    public Change {
        attributes = List.copyOf(attributes);
        if (!attributes.isEmpty() && action != Action.UPDATE && action != Action.REPLACE) {
            throw new IllegalArgumentException("only an update or a replacement changes attributes: " + action + " " + address.text());
        }
        if (definition.isPresent() && !(address instanceof Address.Step)) {
            throw new IllegalArgumentException("only a step run has a definition: " + address.text());
        }
    }

    public Change(Action action, Address address, Reason reason, List<AttributeChange> attributes) {
        this(action, address, reason, attributes, Optional.empty());
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
        return step(group, node, step, stepIndex, reason, Optional.empty());
    }

    /** A step run whose definition hash the plan knows (see {@link #definition}). */
    public static Change step(String group, String node, String step, int stepIndex, Reason reason, Optional<String> definition) {
        return new Change(Action.RUN, new Address.Step(new Address.Node(group, node), step, stepIndex), reason, List.of(), definition);
    }

    /** A cluster-wide resource of the provider's kind ({@code key_pair}, ...). */
    public static Change resource(Action action, String kind, String name, Reason reason) {
        return new Change(action, new Address.Resource(kind, name), reason);
    }

    public Change withAttributes(List<AttributeChange> changed) {
        return new Change(action, address, reason, changed, definition);
    }
}
