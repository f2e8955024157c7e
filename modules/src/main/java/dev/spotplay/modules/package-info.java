/**
 * The step modules: {@code shell}, {@code copy}, {@code template}, {@code file}, {@code line}
 * and {@code apt}, one small class each, registered for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/dev.spotplay.module.StepModule}.
 *
 * <p>What must stay true: every module checks before it acts, and the check never changes the
 * node; a second run on an unchanged node returns {@code unchanged}. The check costs one exec
 * (the node may be one of hundreds), and where a guard and its action can share one script
 * they do. Each module writes its check-and-act once, as a sh fragment, and its run is that
 * fragment sent alone through the runner batches use; a step that cannot be a fragment (line with
 * a regexp, data too large to send unasked) has its one path in {@code alone}, which says why.
 * Modules only use {@link dev.spotplay.transport.Connection}: no module knows SSH.
 * {@code validate} runs on arguments whose {@code {{ }}} are not resolved yet, so it leaves
 * templated strings alone; {@code run} validates again on the resolved arguments.
 */
package dev.spotplay.modules;
