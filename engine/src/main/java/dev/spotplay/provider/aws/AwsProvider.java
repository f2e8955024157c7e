package dev.spotplay.provider.aws;

import dev.spotplay.diag.UserError;
import dev.spotplay.plan.Action;
import dev.spotplay.plan.Change;
import dev.spotplay.plan.Reason;
import dev.spotplay.playbook.Group;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.SshConfig;
import dev.spotplay.provider.LaunchRequest;
import dev.spotplay.provider.NodeProvider;
import dev.spotplay.provider.ObservedNode;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.transport.ssh.KeyPairs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * EC2 instances (spot or on-demand) and EFS for one cluster. Everything it creates carries the
 * cluster's tags (instances, volumes, the security group, file systems) or its name (key pair),
 * so {@link #observe} and destroy find it all again after any crash.
 */
public final class AwsProvider implements NodeProvider {
    static final Duration SHARED_TIMEOUT = Duration.ofMinutes(10);
    static final String KEY_PAIR = AwsLanguage.KEY_PAIR;
    static final String SECURITY_GROUP = AwsLanguage.SECURITY_GROUP_KIND;
    static final String STORAGE = AwsLanguage.STORAGE;

    private final Playbook playbook;
    private final Path workDir;
    private final AwsSettings settings;
    private AwsClients clients;
    private Parts parts;
    /** The instances the last {@link #observe} saw (what this command's plan was made from). */
    private volatile List<Instances.Ec2Instance> seen;

    /** The pieces, made on first use (a playbook error surfaces before any client starts). */
    private record Parts(AwsClients clients, Instances instances, Subnets subnets, Pools pools, Images images, ClusterKeyPair key, Network network,
                         SharedStorage storage, Launcher launcher, Terminator terminator, Waiter waiter, SpotRequests spotRequests) {}

    public AwsProvider(Playbook playbook, Path workDir) {
        this.playbook = playbook;
        this.workDir = workDir;
        this.settings = AwsSettings.of(playbook);
    }

    private synchronized Parts parts() {
        if (parts == null) {
            clients = new AwsClients(settings);
            var ec2 = clients.ec2();
            Instances instances = new Instances(ec2, playbook.name());
            Subnets subnets = new Subnets(ec2, settings);
            Pools pools = new Pools(subnets, new SpotPrices(ec2));
            SshConfig ssh = playbook.ssh();
            Network network = new Network(ec2, settings, playbook.name(), subnets, AwsLanguage.allowFrom(ssh), !playbook.storage().isEmpty(), ssh.portOrDefault());
            SharedStorage storage = new SharedStorage(clients.efs(), playbook.name(), clients.region(), playbook.storage());
            Images images = new Images(ec2);
            ClusterKeyPair key = new ClusterKeyPair(ec2, settings, playbook.name());
            LaunchSpecs specs = new LaunchSpecs(images, playbook.name(), key::keyName, network::groupForLaunch);
            Poller poller = new Poller(SHARED_TIMEOUT);
            Terminator terminator = new Terminator(ec2, instances, poller);
            SpotRequests spotRequests = settings.spotRequests() ? new SpotRequests(ec2, playbook.name(), specs) : null;
            parts = new Parts(clients, instances, subnets, pools, images, key, network, storage,
                    new Launcher(ec2, playbook.name(), pools, specs, spotRequests),
                    terminator, new Waiter(instances, terminator, settings.privateAddress(), sshPort()), spotRequests);
        }
        return parts;
    }

    /** The key spotplay logs in with: the playbook's, or the one it makes for the cluster. */
    private Path clusterKey() {
        return playbook.ssh().loginKey(workDir);
    }

    private int sshPort() {
        return playbook.ssh().portOrDefault();
    }

    @Override
    public String defaultUser() {
        return "ubuntu";
    }

    @Override
    public List<ObservedNode> observe() throws IOException {
        return call(() -> {
            List<ObservedNode> out = new ArrayList<>();
            List<Instances.Ec2Instance> all = parts().instances().describe();
            seen = all;
            for (Instances.Ec2Instance i : all) {
                if (i.name() != null) {
                    out.add(Waiter.observed(i, settings.privateAddress(), sshPort()));
                }
            }
            return out;
        });
    }

    /**
     * Per-node tags that a crash right after a batch launch left out, and the state's lineage
     * on this state's instances that lack it (launched before lineages, or just adopted), given
     * now: one CreateTags per such node.
     */
    @Override
    public void settle(String lineage, java.util.Set<String> ours) throws IOException {
        call(() -> {
            for (Instances.Ec2Instance i : seen != null ? seen : parts().instances().describe()) {
                if (ours.contains(i.id())) {
                    parts().instances().completeTags(i, lineage);
                }
            }
            return null;
        });
    }

    @Override
    public void launch(LaunchRequest request, LaunchSink sink) throws IOException {
        Parts p = parts();
        Duration timeout = playbook.ssh().startTimeout();
        if (p.spotRequests() != null && new AwsGroup(request.group()).isSpot()) {
            // What an earlier crash left of this group's spot requests: open ones cancelled, untagged instances terminated.
            call(() -> {
                p.terminator().terminate(p.spotRequests().sweep(request.group().name(), false), false);
                return null;
            });
        }
        Launcher.Outcome outcome = call(() -> p.launcher().launch(request, sink, timeout));
        outcome.failed().forEach((name, why) -> sink.failed(name, why));
        call(() -> {
            p.waiter().untilRunning(request.group().name(), request.lineage(), outcome.started(), timeout, sink);
            return null;
        });
    }

    /**
     * What a node of this group is launched with, by the playbook's names: the image, the
     * instance types it may have (as listed), the market, the spot cap, the root volume, the
     * user's tags, the user data's SHA-256 (never its text), the instance profile, the tenancy,
     * the key pair and the security group. Only the tags change in place; the rest
     * replace the node. Where capacity was found (subnet, zone) is not a setting: changing those
     * lists does not move running nodes.
     */
    @Override
    public Map<String, String> launchSettings(Group group) {
        AwsGroup g = new AwsGroup(group);
        Map<String, String> s = new java.util.TreeMap<>();
        s.put("image", g.image());
        s.put(INSTANCE_TYPE, String.join(", ", g.instanceTypes()));
        s.put(SUBNET, settings.subnets().isEmpty() ? ANY : String.join(", ", settings.subnets()));
        s.put(ZONES, settings.zones().isEmpty() ? ANY : String.join(", ", settings.zones()));
        s.put("market", g.isSpot() ? "spot" : "on-demand");
        s.put("spot_price", !g.isSpot() ? "-" : g.spotPrice() == null ? "up to on-demand" : g.spotPrice().toPlainString());
        s.put("volume", g.volume() == null ? "the image's" : g.volume().text());
        s.put(TAGS, tagsText(g.tags()));
        s.put("user_data", g.userData() == null ? "none" : g.userData().text()); // its hash: user data may hold secrets
        s.put("iam_instance_profile", g.instanceProfile() == null ? "none" : g.instanceProfile());
        s.put("tenancy", g.dedicated() ? "dedicated" : "default");
        s.put(SHUTDOWN_BEHAVIOR, g.shutdownBehavior());
        s.put("key_pair", settings.keyPair() != null ? settings.keyPair() : "spotplay's own");
        s.put("security_group", settings.securityGroup() != null ? settings.securityGroup() : "spotplay's own");
        return s;
    }

    static final String TAGS = "tags";
    /** EC2's InstanceInitiatedShutdownBehavior: what autostop's {@code shutdown -h now} does to the instance. */
    static final String SHUTDOWN_BEHAVIOR = "shutdown_behavior";
    static final String INSTANCE_TYPE = "instance_type";
    static final String SUBNET = "subnet";
    static final String ZONES = "availability_zones";
    /** A placement setting the playbook leaves open. */
    static final String ANY = "any";

    /**
     * The instance type, subnet and zone a node records are the ones chosen for it; they still
     * fit while the group's lists hold them (a list that grows replaces nothing). A node recorded
     * with the whole list (before the choice was kept) is compared as before.
     */
    @Override
    public boolean settingDiffers(String name, String launched, String wanted) {
        if (launched.equals(wanted) || !(name.equals(INSTANCE_TYPE) || name.equals(SUBNET) || name.equals(ZONES))) {
            return !launched.equals(wanted);
        }
        if (wanted.equals(ANY)) {
            return false;
        }
        List<String> allowed = List.of(wanted.split(", "));
        if (name.equals(SUBNET)) {
            // recorded as "subnet-id (cidr)"; the playbook names subnets by id or by CIDR block
            return allowed.stream().noneMatch(w -> launched.equals(w) || launched.startsWith(w + " (") || launched.endsWith("(" + w + ")"));
        }
        return !allowed.contains(launched);
    }

    /** The user's tags as one text, keys sorted: {@code {"team":"ml"}}. */
    static String tagsText(Map<String, String> tags) {
        String text = dev.spotplay.state.LaunchSettings.encode(tags);
        return text == null ? "{}" : text;
    }

    @Override
    public java.util.Set<String> unownedStorage() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        playbook.storage().stream().filter(SharedStorage::existing).forEach(s -> out.add(s.name()));
        return out;
    }

    /** An instance is found by its id, so a replacement can run beside the instance it replaces under one name. */
    @Override
    public boolean overlapsMachines() {
        return true;
    }

    @Override
    public java.util.Set<String> updatableSettings() {
        return java.util.Set.of(TAGS, SHUTDOWN_BEHAVIOR);
    }

    /**
     * New tags on the instance and its volumes: changed and added ones set, removed ones deleted
     * ({@code Name} back to spotplay's); a new shutdown behaviour through ModifyInstanceAttribute.
     */
    @Override
    public void update(NodeRecord node, Map<String, String> wanted) throws IOException {
        String behavior = wanted.get(SHUTDOWN_BEHAVIOR);
        if (behavior != null && !behavior.equals(node.launch().get(SHUTDOWN_BEHAVIOR))) {
            call(() -> {
                parts().instances().shutdownBehavior(node.providerId(), behavior);
                return null;
            });
        }
        Map<String, String> was = dev.spotplay.state.LaunchSettings.decode(node.launch().get(TAGS));
        Map<String, String> now = dev.spotplay.state.LaunchSettings.decode(wanted.get(TAGS));
        Map<String, String> put = new java.util.TreeMap<>();
        now.forEach((k, v) -> {
            if (!v.equals(was.get(k))) {
                put.put(k, v);
            }
        });
        List<String> removed = new ArrayList<>();
        for (String k : was.keySet()) {
            if (!now.containsKey(k)) {
                if (k.equals("Name")) {
                    put.put("Name", LaunchSpecs.defaultName(playbook.name(), node.name()));
                } else {
                    removed.add(k);
                }
            }
        }
        call(() -> {
            parts().instances().retag(node.providerId(), put, removed);
            return null;
        });
    }

    /**
     * StopInstances, then waits until each is stopped. EC2 stops a spot instance only if it
     * belongs to a persistent request, which spotplay does not make: a spot node is refused
     * before anything is stopped.
     */
    @Override
    public void stop(List<NodeRecord> nodes) throws IOException {
        for (NodeRecord n : nodes) {
            boolean spot = playbook.group(n.group()).map(g -> new AwsGroup(g).isSpot()).orElse(true);
            if (spot) {
                throw new UserError("Cannot stop " + n.name() + ": EC2 stops a spot instance only when it belongs to a persistent "
                        + "spot request, and spotplay launches one-time ones. Stop works for groups with market: on-demand; "
                        + "destroy --target " + n.group() + " removes spot nodes (apply launches them again).");
            }
        }
        List<String> ids = nodes.stream().map(NodeRecord::providerId).filter(Objects::nonNull).toList();
        Parts p = parts();
        call(() -> {
            p.clients.ec2().stopInstances(b -> b.instanceIds(ids));
            new Poller(SHARED_TIMEOUT).until("the instances are stopped", () -> p.instances().describe().stream()
                    .filter(i -> ids.contains(i.id())).allMatch(i -> i.state().equals("stopped")));
            return null;
        });
    }

    /** StartInstances, then waits until each runs with the address spotplay connects to (it may be a new one). */
    @Override
    public List<ObservedNode> start(List<NodeRecord> nodes) throws IOException {
        List<String> ids = nodes.stream().map(NodeRecord::providerId).filter(Objects::nonNull).toList();
        Parts p = parts();
        return call(() -> {
            p.clients.ec2().startInstances(b -> b.instanceIds(ids));
            List<ObservedNode> out = new ArrayList<>();
            new Poller(SHARED_TIMEOUT).until("the instances are running", () -> {
                out.clear();
                for (Instances.Ec2Instance i : p.instances().describe()) {
                    if (ids.contains(i.id()) && i.state().equals("running")) {
                        ObservedNode o = Waiter.observed(i, settings.privateAddress(), sshPort());
                        if (o.host() != null) {
                            out.add(o);
                        }
                    }
                }
                return out.size() == ids.size();
            });
            return List.copyOf(out);
        });
    }

    @Override
    public void terminate(List<NodeRecord> nodes) throws IOException {
        List<String> ids = nodes.stream().map(NodeRecord::providerId).filter(Objects::nonNull).toList();
        call(() -> {
            Parts p = parts();
            if (p.spotRequests() != null) {
                // The classic spot API: the nodes' requests are cancelled too, so none is left behind them.
                p.spotRequests().cancelFor(ids);
            }
            p.terminator().terminate(ids, false);
            return null;
        });
    }

    @Override
    public void prepare() throws IOException {
        Parts p = parts();
        call(() -> {
            Path key = playbook.ssh().privateKey() != null ? clusterKey()
                    : KeyPairs.ensureEd25519(clusterKey(), "spotplay-" + playbook.name());
            p.key().ensureKey(key);
            String group = p.network().ensureGroup();
            if (!playbook.storage().isEmpty()) {
                Map<String, String> subnetByZone = new LinkedHashMap<>();
                p.subnets().all().forEach(s -> subnetByZone.putIfAbsent(s.zone(), s.id()));
                p.storage().ensure(subnetByZone, group, new Poller(SHARED_TIMEOUT));
            }
            return null;
        });
    }

    @Override
    public void destroyShared(boolean includeStorage) throws IOException {
        Parts p = parts();
        call(() -> {
            if (p.spotRequests() != null) {
                // Spot requests first (an open one would launch again), tagging any instance of theirs that lacks the cluster's tag.
                p.spotRequests().sweep(null, true);
            }
            // Instances still shutting down hold the security group; wait until every one is terminated.
            List<String> left = p.instances().describe().stream().filter(i -> !i.state().equals("terminated"))
                    .map(Instances.Ec2Instance::id).toList();
            p.terminator().terminate(left, true);
            if (includeStorage) {
                p.storage().delete(new Poller(SHARED_TIMEOUT));
            }
            p.network().delete(new Poller(SHARED_TIMEOUT), keepsGroup(includeStorage));
            p.key().delete();
            return null;
        });
    }

    @Override
    public List<Change> planResources() {
        Parts p = parts();
        return callUnchecked(() -> {
            List<Change> out = new ArrayList<>();
            if (p.key().ownsKey() && !p.key().keyExists()) {
                out.add(Change.resource(Action.CREATE, KEY_PAIR, p.key().keyName(), Reason.newResource("the cluster's ed25519 key, imported")));
            } else if (p.key().keyDiffers(clusterKey())) {
                out.add(Change.resource(Action.UPDATE, KEY_PAIR, p.key().keyName(), Reason.attributeChanged(
                        "it holds another key than " + clusterKey() + ".pub: imported again, for nodes launched from now on;"
                        + " nodes launched before keep the old key, which spotplay cannot log in with: name that private key"
                        + " in ssh.private_key, or apply --replace NODE to launch them anew with this one"))
                        .withAttributes(List.of(p.key().keyChange(clusterKey()))));
            }
            if (p.network().findGroup() == null) {
                out.add(Change.resource(Action.CREATE, SECURITY_GROUP, p.network().name(), Reason.newResource(p.network().ruleText())));
            } else if (p.network().sshDrift() != null) {
                out.add(Change.resource(Action.UPDATE, SECURITY_GROUP, p.network().name(), Reason.attributeChanged(p.network().sshDrift()))
                        .withAttributes(List.of(p.network().sshChange())));
            }
            for (var s : playbook.storage()) {
                if (SharedStorage.existing(s)) {
                    if (p.storage().find(s).isEmpty()) {
                        throw new dev.spotplay.diag.UserError(p.storage().missing(s) + ".");
                    }
                    continue; // used, not owned: nothing to create (the plan's note says so)
                }
                if (p.storage().find(s).isEmpty()) {
                    out.add(Change.resource(Action.CREATE, STORAGE, s.name(), Reason.newResource("EFS " + p.storage().token(s)
                            + ", mounted at " + s.mount() + " on " + String.join(", ", s.groups()))));
                }
            }
            return out;
        });
    }

    /** Kept EFS mount targets still use the security group, so it stays with them. */
    private boolean keepsGroup(boolean includeStorage) {
        return !includeStorage && parts().storage().anyOwned();
    }

    @Override
    public List<Change> destroyResources(boolean includeStorage) {
        Parts p = parts();
        return callUnchecked(() -> {
            List<Change> out = new ArrayList<>();
            if (p.network().ownsGroup() && p.network().findGroup() != null && !keepsGroup(includeStorage)) {
                out.add(Change.resource(Action.DELETE, SECURITY_GROUP, p.network().name(), Reason.of(Reason.Why.DESTROY)));
            }
            if (p.key().ownsKey() && p.key().keyExists()) {
                out.add(Change.resource(Action.DELETE, KEY_PAIR, p.key().keyName(), Reason.of(Reason.Why.DESTROY)));
            }
            if (includeStorage) {
                for (var s : playbook.storage()) {
                    if (!SharedStorage.existing(s) && p.storage().find(s).isPresent()) {
                        out.add(Change.resource(Action.DELETE, STORAGE, s.name(), Reason.of(Reason.Why.DATA_DELETED)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Map<String, Object> facts() {
        if (playbook.storage().isEmpty()) {
            return Map.of();
        }
        return callUnchecked(() -> Map.of("storage", parts().storage().facts()));
    }

    @Override
    public double hourlyCost(Group group) {
        return callUnchecked(() -> parts().pools().hourly(group));
    }

    @Override
    public Map<String, String> planNotes() {
        Parts p = parts();
        return callUnchecked(() -> {
            Map<String, String> notes = new LinkedHashMap<>();
            p.images().check(playbook.groups().stream().map(AwsGroup::new).filter(g -> g.count() > 0).map(AwsGroup::image).toList());
            p.pools().prepare(playbook.groups());
            notes.put("security group", p.network().ownsGroup() ? p.network().ruleText()
                    : "the playbook's " + settings.securityGroup() + " (its rules are yours to manage)");
            for (Group g : playbook.groups()) {
                String w = p.pools().warning(g);
                if (w != null) {
                    notes.put("warning " + g.name(), w);
                }
                notes.put("cost " + g.name(), p.pools().costLine(g));
            }
            if (p.storage().anyOwned()) {
                notes.put("storage", "EFS survives destroy unless --include-storage is given");
            }
            List<String> zones = p.subnets().all().stream().map(s -> s.zone()).distinct().toList();
            for (var s : playbook.storage()) {
                if (SharedStorage.existing(s)) {
                    List<String> bare = p.storage().zonesWithoutMountTarget(s, zones);
                    notes.put("storage " + s.name(), "EFS " + p.storage().label(s) + " is used, not owned: mounted at " + s.mount()
                            + " on " + String.join(", ", s.groups()) + ", never created or deleted by spotplay (not even by destroy"
                            + " --include-storage)" + (bare.isEmpty() ? "" : "; it has no mount target in " + String.join(", ", bare)
                            + ", so nodes there cannot mount it (spotplay adds none to a file system it does not own)"));
                }
            }
            return notes;
        });
    }

    @Override
    public void close() {
        if (clients != null) {
            clients.close();
        }
    }

    interface Call<T> {
        T run() throws IOException;
    }

    /** AWS SDK failures become IOExceptions with a one-line, actionable message. */
    static <T> T call(Call<T> c) throws IOException {
        try {
            return c.run();
        } catch (SdkException e) {
            throw new IOException(ApiErrors.describe(e), e);
        }
    }

    static <T> T callUnchecked(Call<T> c) {
        try {
            return call(c);
        } catch (IOException e) {
            throw new UserError("AWS: " + e.getMessage(), e);
        }
    }
}
