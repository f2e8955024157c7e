package dev.spotplay.playbook;

import dev.spotplay.diag.Diagnostics;
import dev.spotplay.diag.DidYouMean;
import dev.spotplay.module.ModuleCatalog;
import dev.spotplay.module.StepModule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads {@code steps:}: each a mapping with optional {@code name}, {@code groups}, {@code timeout}
 * and exactly one module key, whose other keys must be that module's options. Group names and
 * templates are collected for {@link ReferenceChecker}.
 */
final class StepParser {
    static final List<String> STEP_KEYS = List.of("name", "groups", "timeout", "always");

    /** A string argument holding {@code {{ }}}, and where it was written. */
    record TemplateUse(String text, Node node) {}

    private final Source source;
    private final Diagnostics diags;
    private final ModuleCatalog modules;
    private final Duration defaultTimeout;
    final List<GroupParser.Ref> groupRefs = new ArrayList<>();
    final List<TemplateUse> templates = new ArrayList<>();

    StepParser(Source source, Diagnostics diags, ModuleCatalog modules, Duration defaultTimeout) {
        this.source = source;
        this.diags = diags;
        this.modules = modules;
        this.defaultTimeout = defaultTimeout;
    }

    List<Step> parse(Fields top) {
        if (!top.has("steps")) {
            return List.of();
        }
        if (!(top.node("steps") instanceof SequenceNode seq)) {
            top.error("steps", "Expected a list", "\"steps\" must be a list of steps, each starting with \"- \", not a "
                    + Nodes.kind(top.node("steps")) + ".");
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        Map<String, Node> names = new HashMap<>();
        for (Node item : seq.getValue()) {
            if (!(item instanceof MappingNode map)) {
                diags.error(source.at(item), "Expected a mapping",
                        "A step is a mapping such as \"- shell: echo hi\", not a " + Nodes.kind(item) + ".");
                continue;
            }
            Step step = step(map, steps.size());
            if (step == null) {
                continue;
            }
            Node previous = names.putIfAbsent(step.name(), map);
            if (previous != null) {
                diags.error(step.at(), "Duplicate step name", "The step name \"" + step.name()
                        + "\" is already used by the step on line " + source.at(previous).line() + "; step names must be unique.");
            }
            steps.add(step);
        }
        return steps;
    }

    private Step step(MappingNode map, int index) {
        List<NodeTuple> moduleKeys = new ArrayList<>();
        List<NodeTuple> others = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            String key = Fields.text(t.getKeyNode());
            (modules.find(key).isPresent() ? moduleKeys : others).add(t);
        }
        if (moduleKeys.isEmpty()) {
            NodeTuple guess = others.stream().filter(t -> !STEP_KEYS.contains(Fields.text(t.getKeyNode()))).findFirst().orElse(null);
            String hint = guess == null ? "" : DidYouMean.hint(Fields.text(guess.getKeyNode()), modules.names());
            diags.error(source.at(guess == null ? map : guess.getKeyNode()), "Step has no module",
                    "A step needs exactly one module key." + hint + " Known modules: " + String.join(", ", modules.names()) + ".");
            return null;
        }
        if (moduleKeys.size() > 1) {
            diags.error(source.at(moduleKeys.get(1).getKeyNode()), "Step has more than one module",
                    "\"" + Fields.text(moduleKeys.get(0).getKeyNode()) + "\" and \"" + Fields.text(moduleKeys.get(1).getKeyNode())
                            + "\" are both modules; a step runs one module. Split it into two steps.");
            return null;
        }
        NodeTuple moduleTuple = moduleKeys.get(0);
        String moduleName = Fields.text(moduleTuple.getKeyNode());
        StepModule module = modules.find(moduleName).orElseThrow();
        List<String> allowed = Stream.concat(Stream.of(moduleName), Stream.concat(STEP_KEYS.stream(), module.options().stream().sorted())).toList();
        Fields f = new Fields(source, diags, map, "a " + moduleName + " step", allowed);

        String name = f.string("name").orElse(moduleName + " #" + (index + 1));
        List<String> groups = List.of("all");
        var groupNodes = f.stringList("groups", true, true);
        if (groupNodes.isPresent()) {
            groups = Fields.texts(groupNodes.get());
            groupNodes.get().forEach(n -> groupRefs.add(new GroupParser.Ref(Fields.text(n), n, "step \"" + name + "\"")));
        }
        Duration timeout = f.duration("timeout").orElse(defaultTimeout);
        boolean always = f.bool("always").orElse(false);

        Map<String, Object> args = new LinkedHashMap<>();
        Map<String, Node> argNodes = new HashMap<>();
        args.put(Step.MAIN_ARG, Nodes.toJava(moduleTuple.getValueNode()));
        argNodes.put(Step.MAIN_ARG, moduleTuple.getValueNode());
        collectTemplates(moduleTuple.getValueNode());
        for (String key : f.keys()) {
            if (module.options().contains(key)) {
                args.put(key, Nodes.toJava(f.node(key)));
                argNodes.put(key, f.node(key));
                collectTemplates(f.node(key));
            }
        }
        for (StepModule.ArgProblem p : module.validate(args)) {
            Node at = argNodes.getOrDefault(p.key(), moduleTuple.getKeyNode());
            String what = Step.MAIN_ARG.equals(p.key()) ? "\"" + moduleName + "\"" : "\"" + p.key() + "\"";
            diags.error(source.at(at), "Invalid argument " + what, p.message());
        }
        return new Step(name, index, List.copyOf(groups), moduleName, args, timeout, source.at(map), always);
    }

    private void collectTemplates(Node node) {
        if (node instanceof ScalarNode s && Nodes.isString(s) && Templates.hasTemplate(s.getValue())) {
            templates.add(new TemplateUse(s.getValue(), s));
        } else if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(this::collectTemplates);
        } else if (node instanceof MappingNode m) {
            m.getValue().forEach(t -> collectTemplates(t.getValueNode()));
        }
    }
}
