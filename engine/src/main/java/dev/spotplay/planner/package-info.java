/**
 * From "what the playbook wants" and "what is" to a {@link dev.spotplay.plan.Plan}.
 *
 * <p>{@link dev.spotplay.planner.Reconciler} merges recorded state with what the provider
 * observes (adopting nodes a crash left unrecorded, marking vanished ones gone, and naming
 * duplicates: a second live machine under one name, which must be terminated, never kept).
 * {@link dev.spotplay.planner.WorkGraph} is the JGraphT graph apply walks (prepare, launches,
 * node-up, each node's planned steps, barriers where {@code after} asks) — its text form is the
 * schedule that runs; JGraphT is used only here.
 * {@link dev.spotplay.planner.Planner} diffs it against the reconciled state.
 * {@link dev.spotplay.planner.Waves} is the one rule for how running nodes are replaced (waves of
 * {@code count - min_count} that keep {@code min_count} up, or all at once), for the plan's note
 * and for apply; the Reconciler also puts right a wave a crash cut short (the old machine back
 * when its replacement never came, else an extra one to terminate), from {@code state.Replacing}.
 *
 * <p>What must stay true: {@code Planner} is the only place plans are made, for apply
 * ({@code plan}) and destroy ({@code destroy}), from what the session found (reconciled nodes,
 * duplicates, the provider's resources); reasons are for display, the action and the address
 * type alone decide what apply and destroy do.
 */
package dev.spotplay.planner;
