/**
 * Running a command against a cluster: {@link dev.spotplay.exec.Session} gathers what is
 * (state reconciled with the provider) and hands it to the planner; {@link dev.spotplay.exec.Walker} carries out
 * a plan: terminations (duplicates included), then it walks the planner's
 * {@link dev.spotplay.planner.WorkGraph} and nothing else ({@link dev.spotplay.exec.GraphWalk}):
 * the provider's shared resources (key pair, security group, storage), launches (each recorded
 * as an intent, and its idempotency token, before the provider is asked; each node's launch done
 * the moment the provider reports it), then each node's setup over SSH as soon as that node is up
 * and the groups in its {@code after} are done. A group that launched fewer nodes than asked but at least its
 * {@code min_count} succeeds; the missing ones stay recorded gone for the next apply.
 * Running nodes replaced in waves are walked after the rest, one wave per walk: the wave's old
 * machines recorded, its new ones launched and set up under the nodes' names, then the old ones
 * terminated, or, if the wave failed, kept and the new ones terminated ({@code Provisioning}).
 * {@link dev.spotplay.exec.Logins} is the one rule for where and as whom to log in (the
 * provider's per-node login, then {@code ssh:}, then defaults), for apply and for the inventory
 * spotplay hands to Ansible. A node's steps go over its one connection; consecutive steps whose
 * modules give a script travel together in one round trip (NodeSteps). How long a node may
 * take to answer SSH is one rule for apply and exec ({@link dev.spotplay.exec.ConnectWait}), and
 * a node that misses it is reported with the wait and the setting that applied.
 *
 * <p>What must stay true: all concurrency lives here, in explicit pools with timeouts (the
 * walk's pools are bounded: {@code --parallel} node jobs and one for the provider's launch calls,
 * and three stream pumps per job for the connector, which starts no thread of its own); state is
 * written before and after every change to the provider; a failed step stops only its node,
 * and a group waiting for a failed group is skipped and reported once, at the cause.
 */
package dev.spotplay.exec;
