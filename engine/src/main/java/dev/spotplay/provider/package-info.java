/**
 * Where nodes come from. {@link dev.spotplay.provider.NodeProvider} is the SPI, created by a
 * {@link dev.spotplay.provider.ProviderFactory} that also declares the provider's part of the
 * playbook language (its keys, storage kinds, resource kinds, who names its nodes); {@code local}
 * (embedded SSH endpoints on loopback), {@code aws} (EC2 and EFS; the only place the AWS SDK is
 * used) and {@code static} (an Ansible inventory) implement it. Providers launch, observe and
 * terminate; they never run setup steps: every provider's nodes are set up through the same
 * transport and walker. {@link dev.spotplay.provider.Autostop} is the {@code autostop} group key
 * the providers that can stop their nodes by themselves declare (local: the daemon; aws: an agent
 * on the node); a node that did so is reported with a reason starting
 * {@link dev.spotplay.provider.ObservedNode#AUTOSTOPPED}.
 *
 * <p>What must stay true: everything a provider creates can be found again by
 * {@link dev.spotplay.provider.NodeProvider#observe} alone (by tag, by folder), so a crash
 * between "created" and "recorded" never loses it. Nothing outside {@code provider.<name>} uses
 * that package (checked by {@code arch.ImportRulesTest}).
 */
package dev.spotplay.provider;
