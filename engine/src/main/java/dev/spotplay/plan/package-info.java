/**
 * The plan: the closed set of changes apply or destroy will make, and its text and JSON
 * renderings. A {@link dev.spotplay.plan.Change} is an {@link dev.spotplay.plan.Action} (closed),
 * a typed {@link dev.spotplay.plan.Address} (node, step on a node, duplicate machine under a
 * node's name, or a provider resource of the kind the provider names), a
 * {@link dev.spotplay.plan.Reason} (closed enum with typed details) and, for an update or a
 * replacement, its {@link dev.spotplay.plan.AttributeChange}s.
 *
 * <p>What must stay true: the plan is the only thing apply reads; the reason is kept for display
 * and never used to decide (callers decide on the action and the address type); no change
 * carries a null or -1 for "not here" (the address type says what exists); this package knows
 * no provider's nouns (a resource's kind is the provider's word, {@code [a-z_]+}).
 */
package dev.spotplay.plan;
