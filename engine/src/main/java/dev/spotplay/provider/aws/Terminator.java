package dev.spotplay.provider.aws;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Terminates instances in chunks (well under EC2's 1000 per call), then waits, asking once per
 * round for the whole cluster, until they are gone. Only instances the cluster's describe still
 * shows alive are asked for: an id EC2 no longer knows would fail the whole call.
 */
final class Terminator {
    static final int CHUNK = 200;

    private final Ec2Client ec2;
    private final Instances instances;
    private final Poller poller;

    Terminator(Ec2Client ec2, Instances instances, Poller poller) {
        this.ec2 = ec2;
        this.instances = instances;
        this.poller = poller;
    }

    /**
     * @param untilTerminated wait for {@code terminated} (before deleting the security group),
     *                        not just {@code shutting-down} (enough to be gone as a node)
     */
    void terminate(Collection<String> ids, boolean untilTerminated) throws IOException {
        Set<String> wanted = new HashSet<>(ids);
        wanted.remove(null);
        if (wanted.isEmpty()) {
            return;
        }
        Map<String, Instances.Ec2Instance> now = byId(instances.describe());
        List<String> alive = new ArrayList<>();
        for (String id : wanted) {
            Instances.Ec2Instance i = now.get(id);
            if (i != null && !i.gone()) {
                alive.add(id);
            }
        }
        for (int from = 0; from < alive.size(); from += CHUNK) {
            List<String> chunk = alive.subList(from, Math.min(alive.size(), from + CHUNK));
            ec2.terminateInstances(b -> b.instanceIds(chunk));
        }
        if (alive.isEmpty() && !untilTerminated) {
            return;
        }
        poller.until(wanted.size() + " instance(s) are " + (untilTerminated ? "terminated" : "shutting down"), () -> {
            Map<String, Instances.Ec2Instance> seen = byId(instances.describe());
            return wanted.stream().map(seen::get).allMatch(i -> i == null
                    || (untilTerminated ? i.state().equals("terminated") : i.gone()));
        });
    }

    private static Map<String, Instances.Ec2Instance> byId(List<Instances.Ec2Instance> all) {
        return all.stream().collect(Collectors.toMap(Instances.Ec2Instance::id, Function.identity(), (a, b) -> a));
    }
}
