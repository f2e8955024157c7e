package dev.spotplay.exec;

import dev.spotplay.plan.Change;
import dev.spotplay.playbook.Membership;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.SshConfig;
import dev.spotplay.planner.NodeFacts;
import dev.spotplay.planner.StepDefinitions;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.state.StateStore;
import dev.spotplay.transport.Connection;
import dev.spotplay.transport.Connector;
import dev.spotplay.transport.Endpoint;
import dev.spotplay.transport.HostKeyMismatchException;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One node's part of an apply: connect (waiting as long as {@link ConnectWait} says), then
 * run its planned steps in order over that one connection, recording each run. A failed step
 * stops this node's later steps; nothing here affects other nodes.
 */
final class NodeRun {

    /** What the run tells as it goes: the node answered, a step ended (recorded already). */
    interface Events {
        void up();

        void step(int index, dev.spotplay.module.StepResult result);
    }

    private final Session session;
    private final Connector connector;
    private final Progress progress;
    private final String applyId;
    private final Map<String, List<String>> members;
    private final StepDefinitions definitions;

    NodeRun(Session session, Connector connector, Progress progress, String applyId, Map<String, List<String>> members) {
        this.session = session;
        this.connector = connector;
        this.progress = progress;
        this.applyId = applyId;
        this.members = members;
        this.definitions = session.stepDefinitions();
    }

    NodeOutcome run(String name, List<Change> steps, boolean isNew, GroupProgress gp, Events events) {
        long start = System.currentTimeMillis();
        StateStore state = session.state();
        NodeRecord record = state.node(name).orElseThrow(() -> new IllegalStateException(name + " not in state"));
        Playbook pb = session.playbook();
        SshConfig ssh = pb.ssh();
        Endpoint endpoint = Logins.endpoint(session, record);
        ConnectWait wait = ConnectWait.forNode(ssh, record, isNew);
        HostKeys hostKeys = new HostKeys(state, name, session.membership() == Membership.COUNTED);
        Connection connection;
        try {
            connection = connector.connect(endpoint, hostKeys, wait.deadlineFrom(System.currentTimeMillis()));
            hostKeys.pinIfNew();
            if (record.status() == NodeStatus.DOWN) {
                state.node(name).ifPresent(r -> state.saveNode(r.withStatus(NodeStatus.RUNNING, null)));
            }
            events.up();
        } catch (HostKeyMismatchException e) {
            String why = hostKeys.refusal() != null ? hostKeys.refusal() : e.getMessage();
            return outcome(record, NodeOutcome.State.FAILED, 0, 0, null, why, "", start);
        } catch (dev.spotplay.transport.LoginRefusedException e) {
            return outcome(record, NodeOutcome.State.FAILED, 0, 0, null, e.getMessage(), "", start);
        } catch (IOException e) {
            String why = "did not answer SSH at " + endpoint.host() + ":" + endpoint.port() + " within " + wait + ": " + e.getMessage();
            // A new node that never answered is down (the plan replaces it). A node the provider
            // declares (a static host) is recorded down too, for status, and never replaced; a
            // launched node that answered before is not condemned for one missed connect.
            if (isNew || session.membership() == Membership.DECLARED) {
                state.saveNode(state.node(name).orElse(record).withStatus(NodeStatus.DOWN, why));
            }
            if (isNew && session.membership() == Membership.COUNTED) {
                why = terminateDown(state.node(name).orElse(record), why);
            }
            return outcome(record, NodeOutcome.State.DOWN, 0, 0, null, why, "", start);
        }
        NodeSteps.Tally tally;
        try (connection) {
            NodeFacts facts = new NodeFacts(record.name(), record.group(), record.index(), record.privateIp(), record.address());
            tally = new NodeSteps(session, definitions, applyId, name, connection, gp, events).run(steps,
                    facts.scope(pb, members, session.provider().nodeVars().of(name)));
        }
        if (tally.failedStep() != null) {
            return outcome(record, NodeOutcome.State.FAILED, tally.changed(), tally.unchanged(), tally.failedStep(), tally.message(),
                    tally.tail(), start);
        }
        return outcome(record, NodeOutcome.State.OK, tally.changed(), tally.unchanged(), null, null, "", start);
    }

    /**
     * A new machine that never answered within its wait would bill for nothing until the next
     * apply replaces it: it is terminated now and recorded gone (the next plan replaces it). If
     * terminating fails it stays recorded down, and the next apply replaces it all the same.
     */
    private String terminateDown(NodeRecord down, String why) {
        try {
            session.provider().terminate(List.of(down));
        } catch (IOException | RuntimeException e) {
            return why + "; terminating it failed (" + e.getMessage() + "): the next apply replaces it";
        }
        String gone = why + "; terminated, so that it does not bill";
        session.state().saveNode(down.withStatus(NodeStatus.GONE, gone));
        return gone;
    }

    private static NodeOutcome outcome(NodeRecord r, NodeOutcome.State state, int changed, int unchanged, String failedStep,
                                       String message, String tail, long start) {
        return new NodeOutcome(r.name(), r.group(), state, changed, unchanged, failedStep, message, tail,
                System.currentTimeMillis() - start);
    }
}
