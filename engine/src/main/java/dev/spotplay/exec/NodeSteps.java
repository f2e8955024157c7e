package dev.spotplay.exec;

import dev.spotplay.diag.UserError;
import dev.spotplay.module.ScriptBatch;
import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepResult;
import dev.spotplay.module.StepScript;
import dev.spotplay.plan.Address;
import dev.spotplay.plan.Change;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.Step;
import dev.spotplay.planner.StepDefinitions;
import dev.spotplay.state.StepRun;
import dev.spotplay.transport.BecomeConnection;
import dev.spotplay.transport.Connection;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node's planned steps, in order, over its one connection. Consecutive steps whose modules
 * give a {@link StepScript} travel together, one round trip for all of them
 * ({@link ScriptBatch}); a step without one runs alone through its module. A step that becomes
 * another user runs over the connection as that user ({@link BecomeConnection}: the whole batch,
 * its clock included, under sudo), so a batch holds consecutive steps that run as the same user,
 * and a step that runs as another starts a new one. Every run is recorded as it becomes known;
 * the first failure stops the node's later steps.
 *
 * <p>Batching can be turned off with {@code -Dspotplay.batch=false} (to measure what it saves).
 */
final class NodeSteps {
    static final boolean BATCH = !"false".equals(System.getProperty("spotplay.batch"));

    /** Why a planned step did not run: what it would run is not what the plan showed. */
    static final String CHANGED_SINCE_PLAN = "not run: its definition changed since the plan was made (a variable it uses, "
            + "or a file it sends); run apply again to see the plan it makes now";

    /** How the node's steps went; {@code failedStep} is null when none failed. */
    record Tally(int changed, int unchanged, String failedStep, String message, String tail) {}

    private record Pending(Step step, String hash, StepScript script, Duration timeout) {}

    /** Who the pending batch runs as (null: the login user); a step that runs as someone else starts a new batch. */
    private String batchRunAs;
    /** The node's connection as each become user, sudo asked once for each. */
    private final Map<String, Connection> become = new java.util.HashMap<>();

    private final Session session;
    private final StepDefinitions definitions;
    private final String applyId;
    private final String node;
    private final Connection connection;
    private final GroupProgress gp;
    private final NodeRun.Events events;
    private final List<Pending> batch = new ArrayList<>();
    private int changed;
    private int unchanged;
    private Step failedStep;
    private StepResult failure;

    NodeSteps(Session session, StepDefinitions definitions, String applyId, String node, Connection connection, GroupProgress gp,
              NodeRun.Events events) {
        this.session = session;
        this.definitions = definitions;
        this.applyId = applyId;
        this.node = node;
        this.connection = connection;
        this.gp = gp;
        this.events = events;
    }

    /** Runs the plan's step changes for this node, in order; a step whose definition is no longer the planned one is not run. */
    Tally run(List<Change> steps, Map<String, Object> scope) {
        Playbook pb = session.playbook();
        for (Change change : steps) {
            Address.Step planned = (Address.Step) change.address();
            Step step = pb.steps().get(planned.index());
            StepDefinitions.Resolved resolved;
            try {
                resolved = definitions.resolve(step, scope);
            } catch (UserError e) {
                if (flush()) {
                    record(step, "", StepResult.failed(e.getMessage(), ""), 0);
                }
                return tally();
            }
            if (change.definition().isPresent() && !change.definition().get().equals(resolved.hash())) {
                if (flush()) {
                    record(step, "", StepResult.failed(CHANGED_SINCE_PLAN, ""), 0);
                }
                return tally();
            }
            Duration timeout = step.timeout() != null ? step.timeout() : pb.ssh().stepTimeout();
            if (!batch.isEmpty() && !java.util.Objects.equals(batchRunAs, resolved.runAs()) && !flush()) {
                return tally();
            }
            Connection as;
            try {
                as = connectionAs(resolved.runAs(), timeout);
            } catch (IOException e) {
                if (flush()) {
                    record(step, "", StepResult.failed(e instanceof BecomeConnection.Refused ? e.getMessage()
                            : "connection failed: " + e.getMessage(), ""), 0);
                }
                return tally();
            }
            StepContext ctx = new StepContext(as, resolved.args(), pb.directory(), resolved.templates(), timeout);
            Optional<StepScript> script = BATCH ? script(resolved, ctx) : Optional.empty();
            if (script.isPresent()) {
                batch.add(new Pending(step, resolved.hash(), script.get(), timeout));
                batchRunAs = resolved.runAs();
                continue;
            }
            if (!flush()) {
                return tally();
            }
            long t0 = System.currentTimeMillis();
            StepResult result;
            try {
                result = resolved.module().run(ctx);
            } catch (UserError e) {
                result = StepResult.failed(e.getMessage(), "");
            } catch (IOException e) {
                result = StepResult.failed("connection failed: " + e.getMessage(), "");
            } catch (Exception e) {
                result = StepResult.failed(e.getClass().getSimpleName() + ": " + e.getMessage(), "");
            }
            if (!record(step, resolved.hash(), result, System.currentTimeMillis() - t0)) {
                return tally();
            }
        }
        flush();
        return tally();
    }

    /** The node's connection as {@code user} (null: the login user's own), sudo asked the first time. */
    private Connection connectionAs(String user, Duration timeout) throws IOException {
        if (user == null) {
            return connection;
        }
        Connection c = become.get(user);
        if (c == null) {
            c = BecomeConnection.open(connection, user, node, timeout);
            become.put(user, c);
        }
        return c;
    }

    /** A module that cannot say its script (a bug in it) runs alone, where the failure is reported in full. */
    private static Optional<StepScript> script(StepDefinitions.Resolved resolved, StepContext ctx) {
        try {
            return resolved.module().script(ctx);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Runs the pending batch; false if a step in it failed (or the batch broke), so the node stops. */
    private boolean flush() {
        if (batch.isEmpty()) {
            return failure == null;
        }
        List<Pending> sent = List.copyOf(batch);
        batch.clear();
        long t0 = System.currentTimeMillis();
        ScriptBatch.Outcome outcome;
        try {
            outcome = ScriptBatch.run(batchRunAs == null ? connection : become.get(batchRunAs), sent.stream().map(p -> new ScriptBatch.Entry(p.script(), p.timeout())).toList());
        } catch (IOException e) {
            outcome = new ScriptBatch.Outcome(List.of(), "connection failed: " + e.getMessage());
        }
        // One round trip for all: each step is charged an equal share of it.
        long share = (System.currentTimeMillis() - t0) / sent.size();
        List<StepResult> results = new ArrayList<>(outcome.results());
        if (results.size() < sent.size() && (results.isEmpty() || !results.get(results.size() - 1).isFailed())) {
            results.add(StepResult.failed(outcome.stopped(), ""));
        }
        List<StepRun> runs = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            runs.add(run(sent.get(i).step(), sent.get(i).hash(), results.get(i), share));
        }
        session.state().recordRuns(runs);
        for (int i = 0; i < results.size(); i++) {
            if (!count(sent.get(i).step(), results.get(i))) {
                return false;
            }
        }
        return true;
    }

    private boolean record(Step step, String hash, StepResult result, long millis) {
        session.state().recordRun(run(step, hash, result, millis));
        return count(step, result);
    }

    private StepRun run(Step step, String hash, StepResult result, long millis) {
        return new StepRun(applyId, node, step.name(), hash, StepRun.Result.valueOf(result.outcome().name()),
                result.message(), result.outputTail(), millis, Instant.now());
    }

    private boolean count(Step step, StepResult result) {
        gp.stepDone();
        events.step(step.index(), result);
        switch (result.outcome()) {
            case CHANGED -> changed++;
            case UNCHANGED -> unchanged++;
            case FAILED -> {
                failedStep = step;
                failure = result;
                return false;
            }
        }
        return true;
    }

    private Tally tally() {
        return failure == null ? new Tally(changed, unchanged, null, null, "")
                : new Tally(changed, unchanged, failedStep.name(), failure.message(), failure.outputTail());
    }
}
