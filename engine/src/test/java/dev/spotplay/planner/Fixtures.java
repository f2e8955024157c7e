package dev.spotplay.planner;

import dev.spotplay.playbook.Membership;
import java.util.OptionalInt;
import dev.spotplay.diag.SourceRange;
import dev.spotplay.module.ModuleCatalog;
import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepModule;
import dev.spotplay.module.StepResult;
import dev.spotplay.playbook.Group;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.ProviderConfig;
import dev.spotplay.playbook.SshConfig;
import dev.spotplay.playbook.Step;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.state.StepRun;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small playbooks, states and a trivial module for planner tests. */
final class Fixtures {
    private Fixtures() {}

    /** A module whose definition is its one string argument; never run in these tests. */
    static final StepModule ECHO = new StepModule() {
        @Override public String name() { return "echo"; }
        @Override public Set<String> options() { return Set.of(); }
        @Override public List<ArgProblem> validate(Map<String, Object> args) { return List.of(); }
        @Override public StepResult run(StepContext ctx) { throw new UnsupportedOperationException("not in planner tests"); }
    };

    static final ModuleCatalog MODULES = new ModuleCatalog(List.of(ECHO));

    static Group group(String name, int count, String... after) {
        return new Group(name, OptionalInt.of(count), OptionalInt.of(count), Map.of(), List.of(after), SourceRange.NONE);
    }

    static Step step(int index, String name, String text, String... groups) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put(Step.MAIN_ARG, text);
        return new Step(name, index, groups.length == 0 ? List.of("all") : List.of(groups), "echo", args, null, SourceRange.NONE);
    }

    /** The playbook as a provider that declares its members (a static inventory) would have it. */
    static Playbook declared(Playbook pb) {
        return new Playbook(pb.file(), pb.name(), new ProviderConfig("static", Map.of(), Membership.DECLARED), pb.ssh(), pb.vars(),
                pb.groups(), pb.storage(), pb.steps());
    }

    static Playbook playbook(List<Group> groups, List<Step> steps) {
        return new Playbook(Path.of("/tmp/pb/cluster.yml"), "demo", new ProviderConfig("local", Map.of(), Membership.COUNTED), SshConfig.defaults(),
                Map.of("greeting", "hi"), groups, List.of(), steps);
    }

    static NodeRecord node(String name, String group, int index, NodeStatus status) {
        return NodeRecord.builder(name).group(group).index(index).providerId("pid-" + index).endpoint("127.0.0.1", 40000 + index)
                .privateIp("127.0.0.1").status(status, status == NodeStatus.GONE ? "process gone" : null).hostKey("ssh-ed25519 AAAA")
                .launchToken("t").createdAt(Instant.EPOCH).build();
    }

    /** Runs recorded as if every step had succeeded on every node with its current definition. */
    static Map<String, Map<String, StepRun>> allDone(Playbook pb, List<NodeRecord> nodes) {
        StepDefinitions defs = new StepDefinitions(pb, MODULES);
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (NodeRecord n : nodes) {
            members.computeIfAbsent(n.group(), k -> new ArrayList<>()).add(n.name());
        }
        Map<String, Map<String, StepRun>> runs = new LinkedHashMap<>();
        for (NodeRecord n : nodes) {
            NodeFacts facts = new NodeFacts(n.name(), n.group(), n.index(), n.privateIp(), n.address());
            for (Step s : pb.stepsFor(n.group())) {
                String hash = defs.resolve(s, facts.scope(pb, members)).hash();
                runs.computeIfAbsent(n.name(), k -> new LinkedHashMap<>()).put(s.name(),
                        new StepRun("a1", n.name(), s.name(), hash, StepRun.Result.CHANGED, "", "", 5, Instant.EPOCH));
            }
        }
        return runs;
    }

    static Planner.Result plan(Playbook pb, List<NodeRecord> nodes, Map<String, Map<String, StepRun>> runs, boolean recheck) {
        Planner.Input in = new Planner.Input(pb, "local", Planner.Current.of(nodes), runs, recheck,
                g -> 0.0125, List.of());
        return new Planner(new StepDefinitions(pb, MODULES)).plan(in);
    }
}
