package dev.spotplay.exec;

import dev.spotplay.playbook.Membership;
import dev.spotplay.diag.UserError;
import dev.spotplay.module.ModuleCatalog;
import dev.spotplay.plan.Basis;
import dev.spotplay.plan.Plan;
import dev.spotplay.plan.SavedPlan;
import dev.spotplay.planner.Inputs;
import dev.spotplay.planner.Planner;
import dev.spotplay.planner.Reconciler;
import dev.spotplay.planner.StepDefinitions;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.PlaybookLoader;
import dev.spotplay.provider.NodeProvider;
import dev.spotplay.provider.ProviderFactory;
import dev.spotplay.state.Holder;
import dev.spotplay.state.StateBackends;
import dev.spotplay.state.StateLocation;
import dev.spotplay.state.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * One command's view of one cluster: the playbook, its state (locked for update or read-only),
 * its provider, and what is (state reconciled with the provider).
 */
public final class Session implements AutoCloseable {

    /**
     * @param stateLocation where the state is ({@code --state}: a path, or a backend's URL), or null
     *                      for the playbook's own {@code state:}, else the default backend's place beside the playbook
     * @param lockTimeout   how long to wait for another command's lock
     * @param recheck       run every step's check again
     * @param replace       nodes to replace though nothing about them changed ({@code --replace})
     * @param adopt         take over the cluster's machines that another state launched ({@code --adopt})
     */
    public record Options(String stateLocation, Duration lockTimeout, boolean recheck, java.util.Set<String> replace,
                          boolean adopt) {
        public Options {
            replace = java.util.Set.copyOf(new java.util.TreeSet<>(replace));
        }

        public Options(String stateLocation, Duration lockTimeout, boolean recheck) {
            this(stateLocation, lockTimeout, recheck, java.util.Set.of(), false);
        }
    }

    private Playbook playbook;
    private final Playbook declared;
    private final List<dev.spotplay.diag.Diagnostic> warnings;
    private final ModuleCatalog modules;
    private final StateLocation stateLocation;
    private final Path workDir;
    private final StateStore state;
    private final NodeProvider provider;
    private final boolean forUpdate;
    private final Options options;
    private final List<Path> providerFiles;
    private final List<String> resourceKinds;
    private Reconciler.Result reconciled;
    private boolean reconcileRecorded;

    private Session(PlaybookLoader.Loaded loaded, ModuleCatalog modules, StateLocation stateLocation, StateStore state,
                    NodeProvider provider, boolean forUpdate, Options options, List<Path> providerFiles, List<String> resourceKinds) {
        this.playbook = loaded.playbook();
        this.declared = loaded.playbook();
        this.warnings = loaded.warnings();
        this.modules = modules;
        this.stateLocation = stateLocation;
        this.workDir = workDirFor(stateLocation, playbook);
        this.state = state;
        this.provider = provider;
        this.forUpdate = forUpdate;
        this.options = options;
        this.providerFiles = List.copyOf(providerFiles);
        this.resourceKinds = List.copyOf(resourceKinds);
    }

    /** Loads the playbook and opens the state; for update, the state is locked until {@link #close()}. */
    public static Session open(Path playbookFile, Options options, boolean forUpdate, String command) {
        ModuleCatalog modules = ModuleCatalog.load();
        PlaybookLoader.Loaded loaded = PlaybookLoader.load(playbookFile, modules);
        Playbook pb = loaded.playbook();
        // What the provider reads beside the playbook (a static inventory) is checked before the
        // state is opened, so a mistake there changes nothing, not even by creating a state file.
        ProviderFactory providers = factory(pb.provider().type());
        providers.validate(pb);
        StateLocation location = StateBackends.forPlaybook(options.stateLocation(), pb.state(), pb.directory(), pb.name());
        StateStore state = forUpdate
                ? location.openForUpdate(pb.name(), Holder.current(command), options.lockTimeout())
                : location.openReadOnly(options.lockTimeout());
        try {
            if (!forUpdate) {
                state.cluster().filter(c -> !c.equals(pb.name())).ifPresent(c -> {
                    throw new UserError("State " + location.display() + " belongs to cluster \"" + c + "\", not \"" + pb.name() + "\".");
                });
            }
            NodeProvider provider = providers.create(pb, workDirFor(location, pb));
            return new Session(loaded, modules, location, state, provider, forUpdate, options, providers.inputs(pb), providers.resourceKinds());
        } catch (RuntimeException e) {
            state.close();
            throw e;
        }
    }

    /** The cluster's own files (its SSH key): beside a state that lives in a folder, else in {@code .spotplay} beside the playbook. */
    static Path workDirFor(StateLocation location, Playbook pb) {
        return location.folder().orElseGet(() -> pb.directory().resolve(".spotplay")).resolve(pb.name());
    }

    /** The provider factory of this type, found with ServiceLoader. */
    public static ProviderFactory factory(String type) {
        List<ProviderFactory> all = ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get).toList();
        return all.stream().filter(f -> f.type().equals(type)).findFirst().orElseThrow(() -> new UserError(
                "Provider \"" + type + "\" is not available in this build (available: "
                        + all.stream().map(ProviderFactory::type).sorted().collect(Collectors.joining(", ")) + ")."));
    }

    /**
     * Asks the provider what exists and merges it with state (one sweep). Nothing is written:
     * a command that goes on to change things calls {@link #recordReconciled()} first.
     */
    public Reconciler.Result reconcile() {
        if (reconciled == null) {
            try {
                Reconciler.Ownership owner = new Reconciler.Ownership(state.lineage().map(java.util.UUID::toString), options.adopt());
                reconciled = new Reconciler().reconcile(state.nodes(), provider.observe(), owner, dev.spotplay.state.Replacing.read(state));
            } catch (IOException e) {
                throw new UserError("Could not list the cluster's nodes at the provider: " + e.getMessage(), e);
            }
        }
        return reconciled;
    }

    /**
     * Writes what {@link #reconcile()} found back to the state (once): a node a crash left
     * unrecorded is recorded, a vanished one marked gone, an adopted replacement's old runs reset.
     * Done after the plan is accepted and before anything is changed, so a refused or cancelled
     * apply writes nothing.
     */
    public void recordReconciled() {
        Reconciler.Result now = reconcile();
        if (!reconcileRecorded) {
            state.saveNodes(now.changed());
            state.resetRuns(now.fresh());
            // A wave a crash cut short is settled now: each name has its one machine in state, and
            // an old machine whose replacement runs is a duplicate this command terminates (or the next finds again).
            dev.spotplay.state.Replacing.clear(state);
            reconcileRecorded = true;
        }
    }

    /**
     * Asks the provider for its template facts (e.g. shared storage addresses) and makes them
     * part of the playbook's variables; again after {@link NodeProvider#prepare} created things.
     */
    public void refreshFacts() {
        Map<String, Object> facts = provider.facts();
        if (!facts.isEmpty()) {
            Map<String, Object> vars = new LinkedHashMap<>(declared.vars());
            vars.putAll(facts);
            playbook = declared.withVars(vars);
        }
    }

    /**
     * Lets the provider finish what a crash left half done beside the plan (per-node tags of a
     * batch launch): apply calls it once its plan is accepted, with or without changes.
     */
    public void settle() {
        try {
            java.util.Set<String> ours = new java.util.HashSet<>();
            reconcile().nodes().forEach(n -> {
                if (n.providerId() != null) {
                    ours.add(n.providerId());
                }
            });
            provider.settle(state.lineage().map(java.util.UUID::toString).orElse(null), ours);
        } catch (IOException e) {
            throw new UserError("Finishing what the last run left half done failed: " + e.getMessage()
                    + "\nNothing else was changed; run apply again to retry.", e);
        }
    }

    /** The plan for apply and what apply needs beside it, with what it was made from. */
    public record Planned(Planner.Result result, SavedPlan saved) {
        public Plan plan() {
            return result.plan();
        }
    }

    /**
     * The plan for apply, made by the {@link Planner} from what is (nodes, duplicates, the
     * provider's resources), with its {@link Basis}: the state's lineage and serial as they are
     * before anything is written, and the hashes of the local files it depends on.
     */
    public Planned plan() {
        Optional<String> lineage = state.lineage().map(java.util.UUID::toString);
        long serial = state.serial();
        Reconciler.Result now = reconcile();
        refreshFacts();
        StepDefinitions definitions = stepDefinitions();
        List<String> notes = new java.util.ArrayList<>();
        warnings.forEach(w -> notes.add(w.summary() + (w.detail() == null ? "" : ": " + w.detail())));
        provider.planNotes().forEach((k, v) -> notes.add(k + ": " + v));
        foreignNote(now, "apply --adopt takes them over").ifPresent(notes::add);
        Planner.Current current = new Planner.Current(now.nodes(), now.fresh(), now.duplicates(), declared(provider.planResources()));
        for (String name : options.replace()) {
            if (now.nodes().stream().noneMatch(n -> n.name().equals(name))) {
                throw new UserError("--replace " + name + ": the cluster has no node of that name (it has: "
                        + String.join(", ", now.nodes().stream().map(dev.spotplay.state.NodeRecord::name).toList()) + ").");
            }
        }
        Planner.Machines machines = new Planner.Machines(provider::launchSettings, provider.updatableSettings(), options.replace(),
                provider::settingDiffers, provider.overlapsMachines());
        Planner.Input in = new Planner.Input(playbook, playbook.provider().type(), current, state.latestRuns(), options.recheck(),
                provider::hourlyCost, notes, machines, provider.nodeVars(), provider::otherGroups);
        Planner.Result result = new Planner(definitions).plan(in);
        Basis basis = new Basis(playbook.file().toAbsolutePath().normalize().toString(), Inputs.sha256(playbook.file().toAbsolutePath()),
                Inputs.of(playbook, modules, providerFiles), Optional.ofNullable(options.stateLocation()), lineage, serial, options.recheck(),
                List.copyOf(new java.util.TreeSet<>(options.replace())), options.adopt());
        return new Planned(result, new SavedPlan(result.plan(), basis));
    }

    /** How a step is resolved on a node, with the provider's become for the node (a static host's {@code ansible_become*}). */
    StepDefinitions stepDefinitions() {
        Map<String, dev.spotplay.playbook.Become> become = new java.util.HashMap<>();
        for (dev.spotplay.state.NodeRecord r : reconcile().nodes()) {
            dev.spotplay.playbook.Become b = provider.login(r).become();
            if (!b.equals(dev.spotplay.playbook.Become.NONE)) {
                become.put(r.name(), b);
            }
        }
        return new StepDefinitions(playbook, modules, node -> become.getOrDefault(node, dev.spotplay.playbook.Become.NONE));
    }

    /**
     * Refuses to change a cluster whose machines another state launched (a colleague's copy of
     * the playbook, a lost state): this one would launch a second cluster of the same name
     * beside them, and share its key pair and security group. {@code --adopt} takes them over.
     */
    public void requireOwnership() {
        Reconciler.Result now = reconcile();
        if (!now.foreign().isEmpty() && !options.adopt()) {
            throw new UserError(foreignNote(now, "").orElseThrow().replaceFirst("; $", ".")
                    + "\nThis state would launch a second cluster of the same name beside them, so nothing was changed. Apply from the"
                    + " state that launched them (--state), or take them over with apply --adopt.");
        }
    }

    /** What the plan says of the cluster's machines another state launched, if there are any. */
    private static Optional<String> foreignNote(Reconciler.Result now, String what) {
        if (now.foreign().isEmpty()) {
            return Optional.empty();
        }
        java.util.Set<String> lineages = new java.util.TreeSet<>();
        now.foreign().forEach(o -> lineages.add(o.lineage()));
        int n = now.foreign().size();
        return Optional.of("not this state's: " + n + (n == 1 ? " machine" : " machines") + " tagged for this cluster ("
                + dev.spotplay.plan.NodeRanges.format(now.foreign().stream().map(o -> o.name() + " " + o.providerId()).toList())
                + ") belong to another state (lineage " + String.join(", ", lineages)
                + "): neither adopted nor terminated; " + what);
    }

    /** The plan for destroy, made by the {@link Planner}: every node, every duplicate, the provider's resources. */
    public Plan destroyPlan(boolean includeStorage) {
        Reconciler.Result now = reconcile();
        if (forUpdate) {
            recordReconciled();
        }
        // The cluster's shared resources (key pair, security group) serve another state's machines too: kept.
        List<dev.spotplay.plan.Change> resources = now.foreign().isEmpty() ? declared(provider.destroyResources(includeStorage)) : List.of();
        Plan plan = Planner.destroy(playbook, new Planner.Current(now.nodes(), java.util.Set.of(), now.duplicates(), resources),
                includeStorage, provider.unownedStorage());
        Optional<String> foreign = foreignNote(now, "destroy --adopt terminates them too; the cluster's shared resources stay "
                + "while they exist");
        if (foreign.isEmpty()) {
            return plan;
        }
        List<String> notes = new java.util.ArrayList<>(plan.notes());
        notes.add(foreign.get());
        return new Plan(plan.cluster(), plan.provider(), plan.changes(), plan.liveNodes(), plan.hourlyCost(), List.copyOf(notes));
    }

    /** The provider's resource changes, each of a kind its language declares (anything else is the provider's bug). */
    private List<dev.spotplay.plan.Change> declared(List<dev.spotplay.plan.Change> resources) {
        for (dev.spotplay.plan.Change c : resources) {
            if (!(c.address() instanceof dev.spotplay.plan.Address.Resource r) || !resourceKinds.contains(r.kind())) {
                throw new IllegalStateException("provider " + playbook.provider().type() + " planned " + c.address().kind() + " "
                        + c.address().text() + ", not one of the resource kinds it declares " + resourceKinds);
            }
        }
        return resources;
    }

    /**
     * The plan for {@code destroy --target}: the named nodes, and every node of the named groups
     * (with their duplicate machines); nothing shared. A target that is neither is an error.
     */
    public Plan destroyPlan(java.util.Set<String> targets) {
        Reconciler.Result now = reconcile();
        java.util.Set<String> known = new java.util.TreeSet<>();
        now.nodes().forEach(n -> {
            known.add(n.name());
            known.add(n.group());
        });
        playbook.groups().forEach(g -> known.add(g.name()));
        for (String t : targets) {
            if (!known.contains(t)) {
                throw new UserError("--target " + t + ": the cluster has no node or group of that name."
                        + dev.spotplay.diag.DidYouMean.hint(t, List.copyOf(known)) + " 'spotplay status' lists the nodes.");
            }
        }
        if (forUpdate) {
            recordReconciled();
        }
        java.util.function.Predicate<String> hit = name -> now.nodes().stream()
                .anyMatch(n -> n.name().equals(name) && (targets.contains(n.name()) || targets.contains(n.group())));
        List<dev.spotplay.state.NodeRecord> nodes = now.nodes().stream().filter(n -> hit.test(n.name())).toList();
        List<Reconciler.Duplicate> duplicates = now.duplicates().stream().filter(d -> hit.test(d.node().name())).toList();
        Plan plan = Planner.destroy(playbook, new Planner.Current(nodes, java.util.Set.of(), duplicates, List.of()), false);
        List<String> notes = new java.util.ArrayList<>();
        notes.add("--target: only these go; the playbook still wants them, so the next plan shows them to launch again"
                + " (remove them from the playbook, or lower the count, to keep them gone)");
        return new Plan(plan.cluster(), plan.provider(), plan.changes(), plan.liveNodes(), plan.hourlyCost(), List.copyOf(notes));
    }

    /** Who names this cluster's nodes: its provider's language says. */
    public Membership membership() {
        return playbook.provider().membership();
    }

    public Playbook playbook() { return playbook; }
    public ModuleCatalog modules() { return modules; }
    public StateStore state() { return state; }
    public NodeProvider provider() { return provider; }
    public StateLocation stateLocation() { return stateLocation; }
    public Path workDir() { return workDir; }
    public List<dev.spotplay.diag.Diagnostic> warnings() { return warnings; }

    /** True if a state exists for this cluster (plan/status never create one). */
    public boolean stateExists() {
        return stateLocation.exists();
    }

    @Override
    public void close() {
        try {
            provider.close();
        } finally {
            state.close();
        }
    }
}
