/**
 * The step module SPI. A {@link dev.spotplay.module.StepModule} is one small unit with one
 * contract, as in Ansible: read the node's current state, decide whether anything must change,
 * act only if so, and say whether it changed. Modules are found at run time with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.spotplay.module.StepModule});
 * the engine never names a module class. Modules talk to nodes only through
 * {@link dev.spotplay.transport.Connection}.
 */
package dev.spotplay.module;
