package dev.spotplay.provider.aws;

import dev.spotplay.diag.Durations;
import dev.spotplay.provider.NodeName;
import dev.spotplay.provider.NodeProvider.LaunchSink;
import dev.spotplay.provider.ObservedNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Waits until launched instances run, asking once per round for the whole cluster, and hands
 * each to the sink as soon as it runs and has the address spotplay connects to. Instances
 * that share a name with one just launched are duplicates (a lost response whose launch
 * happened anyway, on an EC2 that did not honour the token): they are terminated here, so a
 * name never has two machines. An instance not running by the start timeout is terminated and
 * reported failed ("down"), never left behind.
 */
final class Waiter {
    private final Instances instances;
    private final Terminator terminator;
    private final boolean privateAddress;
    private final int port;

    Waiter(Instances instances, Terminator terminator, boolean privateAddress, int port) {
        this.instances = instances;
        this.terminator = terminator;
        this.privateAddress = privateAddress;
        this.port = port;
    }

    void untilRunning(String group, String lineage, List<Launcher.Started> started, Duration timeout, LaunchSink sink) throws IOException {
        if (started.isEmpty()) {
            return;
        }
        Map<String, Launcher.Started> pending = new LinkedHashMap<>();
        started.forEach(s -> pending.put(s.instanceId(), s));
        Set<String> ours = new HashSet<>(pending.keySet());
        Set<String> names = new HashSet<>();
        started.forEach(s -> names.add(s.name().toString()));
        long deadline = System.nanoTime() + timeout.toNanos();
        long sleep = Poller.FIRST.toMillis();
        while (true) {
            List<Instances.Ec2Instance> all = instances.describe();
            Map<String, Instances.Ec2Instance> byId = new HashMap<>();
            all.forEach(i -> byId.put(i.id(), i));
            List<String> duplicates = new ArrayList<>();
            for (Instances.Ec2Instance i : all) {
                if (i.alive() && names.contains(i.name()) && group.equals(i.group()) && !ours.contains(i.id())) {
                    duplicates.add(i.id());
                }
            }
            List<String> unreachable = new ArrayList<>();
            for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                Instances.Ec2Instance i = byId.get(e.getKey());
                if (i == null) {
                    continue; // not visible yet: EC2's describe is eventually consistent
                }
                NodeName name = e.getValue().name();
                if (i.state().equals("running") && host(i) != null) {
                    nameIfUnnamed(i, lineage);
                    sink.launched(name, observed(i, privateAddress, port), e.getValue().chosen());
                    it.remove();
                } else if (i.state().equals("running") && !privateAddress) {
                    // Running without a public address: it never gets one. Say so now, not at the start timeout.
                    unreachable.add(i.id());
                    sink.failed(name, "the instance " + i.id() + " has no public address: its subnet does not assign public IPs. "
                            + "Use a subnet that does, or set provider.address: private (SSH over a VPN or bastion)");
                    it.remove();
                } else if (!i.alive()) {
                    sink.failed(name, "the instance " + i.id() + " stopped right after launch: " + reason(i));
                    it.remove();
                }
            }
            duplicates.addAll(unreachable);
            if (!duplicates.isEmpty()) {
                terminator.terminate(duplicates, false);
            }
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                terminator.terminate(pending.keySet(), false);
                for (Launcher.Started s : pending.values()) {
                    sink.failed(s.name(), "the instance " + s.instanceId() + " was not running within " + dev.spotplay.diag.Durations.format(timeout)
                            + " (start_timeout); it was terminated");
                }
                return;
            }
            Poller.sleep(sleep, "instances are running");
            sleep = Math.min(Poller.MAX.toMillis(), sleep * 2);
        }
    }

    /** Its per-node tags now; if EC2 refuses, the next apply's start gives them (they only help people find it). */
    private void nameIfUnnamed(Instances.Ec2Instance i, String lineage) {
        try {
            instances.completeTags(i, lineage);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            // left for AwsProvider.settle
        }
    }

    private String host(Instances.Ec2Instance i) {
        return privateAddress ? i.privateIp() : i.publicIp();
    }

    static ObservedNode observed(Instances.Ec2Instance i, boolean privateAddress, int port) {
        String host = privateAddress ? i.privateIp() : i.publicIp();
        return new ObservedNode(i.name(), i.group(), i.id(), host, port, i.privateIp(), i.alive(), i.alive() ? null : reason(i), 0,
                i.tags().get(Tags.LINEAGE), i.stopped(), i.observedSettings());
    }

    static String reason(Instances.Ec2Instance i) {
        if ("Server.SpotInstanceTermination".equals(i.reasonCode())) {
            return "interrupted: EC2 reclaimed the spot capacity";
        }
        if ("Client.InstanceInitiatedShutdown".equals(i.reasonCode())) {
            // What the autostop agent's shutdown -h now leaves (or a shutdown someone ran on the node).
            return dev.spotplay.provider.ObservedNode.AUTOSTOPPED + ": the instance shut itself down (" + i.state()
                    + ", Client.InstanceInitiatedShutdown)";
        }
        String why = i.reason() != null ? i.reason() : i.reasonCode();
        return i.state() + (why == null ? "" : " (" + why + ")");
    }
}
