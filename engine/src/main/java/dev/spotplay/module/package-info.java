/**
 * The step module SPI. A {@link dev.spotplay.module.StepModule} is one small unit with one
 * contract, as in Ansible: read the node's current state, decide whether anything must change,
 * act only if so, and say whether it changed. Modules are found at run time with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.spotplay.module.StepModule});
 * the engine never names a module class. Modules talk to nodes only through
 * {@link dev.spotplay.transport.Connection}.
 *
 * <p>A module may also give a step as one sh fragment ({@link dev.spotplay.module.StepScript});
 * {@link dev.spotplay.module.ScriptBatch} runs a node's consecutive fragments in one exec. What
 * must stay true: a fragment has the same outcome, message and effect as the module's own run,
 * so batching is only ever a matter of speed. The way to keep it is to write the step once: the
 * bundled modules' run is their fragment sent alone through {@code ScriptBatch}; where a step
 * cannot be a fragment, the module gives none and run is its only path. Each
 * step's own timeout holds in a batch (it is killed with the processes it started), and what a step's output
 * costs is bounded by bytes, on the node as in a {@link dev.spotplay.module.StepResult}.
 */
package dev.spotplay.module;
