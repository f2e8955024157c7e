package dev.spotplay.exec;

import dev.spotplay.playbook.Membership;
import dev.spotplay.diag.UserError;
import dev.spotplay.module.ModuleCatalog;
import dev.spotplay.plan.Plan;
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
     */
    public record Options(String stateLocation, Duration lockTimeout, boolean recheck) {}

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
    private Reconciler.Result reconciled;

    private Session(PlaybookLoader.Loaded loaded, ModuleCatalog modules, StateLocation stateLocation, StateStore state,
                    NodeProvider provider, boolean forUpdate, Options options) {
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
            return new Session(loaded, modules, location, state, provider, forUpdate, options);
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
     * Asks the provider what exists and merges it with state (one sweep). For update, the
     * merge is written back at once, so a node a crash left unrecorded is recorded now.
     */
    public Reconciler.Result reconcile() {
        if (reconciled == null) {
            try {
                reconciled = new Reconciler().reconcile(state.nodes(), provider.observe());
            } catch (IOException e) {
                throw new UserError("Could not list the cluster's nodes at the provider: " + e.getMessage(), e);
            }
            if (forUpdate) {
                state.saveNodes(reconciled.changed());
                state.resetRuns(reconciled.fresh());
            }
        }
        return reconciled;
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

    /** The plan for apply, made by the {@link Planner} from what is: nodes, duplicates, the provider's resources. */
    public Planner.Result plan() {
        Reconciler.Result now = reconcile();
        refreshFacts();
        StepDefinitions definitions = new StepDefinitions(playbook, modules);
        List<String> notes = new java.util.ArrayList<>();
        warnings.forEach(w -> notes.add(w.summary() + (w.detail() == null ? "" : ": " + w.detail())));
        provider.planNotes().forEach((k, v) -> notes.add(k + ": " + v));
        Planner.Current current = new Planner.Current(now.nodes(), forUpdate ? java.util.Set.of() : now.fresh(),
                now.duplicates(), provider.planResources());
        Planner.Input in = new Planner.Input(playbook, playbook.provider().type(), current, state.latestRuns(), options.recheck(), provider::hourlyCost, notes);
        return new Planner(definitions).plan(in);
    }

    /** The plan for destroy, made by the {@link Planner}: every node, every duplicate, the provider's resources. */
    public Plan destroyPlan(boolean includeStorage) {
        Reconciler.Result now = reconcile();
        return Planner.destroy(playbook, new Planner.Current(now.nodes(), java.util.Set.of(), now.duplicates(),
                provider.destroyResources(includeStorage)), includeStorage);
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
