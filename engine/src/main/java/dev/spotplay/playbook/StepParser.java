package dev.spotplay.playbook;

import dev.spotplay.diag.Diagnostics;
import dev.spotplay.diag.DidYouMean;
import dev.spotplay.diag.SourceRange;
import dev.spotplay.module.ModuleCatalog;
import dev.spotplay.module.StepModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads {@code steps:}: each a mapping with optional {@code name}, {@code groups}, {@code timeout},
 * {@code always}, {@code become} and {@code become_user}, and exactly one module key, whose other
 * keys must be that module's options. Group names and templates are collected for {@link ReferenceChecker}.
 */
final class StepParser {
    static final List<String> STEP_KEYS = List.of("name", "groups", "timeout", "always", "become", "become_user");

    /**
     * A text holding {@code {{ }}} (a string argument, or a template file a step sends), and
     * where each offset in it was written.
     */
    /** A text with templates in it, where it is, and the groups of the step that renders it. */
    record TemplateUse(String text, IntFunction<SourceRange> at, List<String> groups) {}

    private final Source source;
    private final Diagnostics diags;
    private final ModuleCatalog modules;
    private final Duration defaultTimeout;
    private final Path directory;
    final List<GroupParser.Mention> groupMentions = new ArrayList<>();
    final List<TemplateUse> templates = new ArrayList<>();
    /** The groups of the step being read, for the templates it holds. */
    private List<String> stepGroups = List.of("all");

    /** {@code directory}: the playbook's folder, which local file names are relative to. */
    StepParser(Source source, Diagnostics diags, ModuleCatalog modules, Duration defaultTimeout, Path directory) {
        this.source = source;
        this.diags = diags;
        this.modules = modules;
        this.defaultTimeout = defaultTimeout;
        this.directory = directory;
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
            groupNodes.get().forEach(n -> groupMentions.add(new GroupParser.Mention(Fields.text(n), n, "step \"" + name + "\"")));
        }
        stepGroups = List.copyOf(groups);
        Duration timeout = f.duration("timeout").orElse(defaultTimeout);
        boolean always = f.bool("always").orElse(false);
        Become become = new Become(f.bool("become").orElse(null), f.string("become_user").orElse(null));
        if (become.user() != null && dev.spotplay.transport.LoginNames.userProblem(become.user()) != null) {
            f.error("become_user", "Invalid become_user", "\"become_user\" of step \"" + name + "\": "
                    + dev.spotplay.transport.LoginNames.userProblem(become.user()));
        }

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
        List<StepModule.ArgProblem> problems = module.validate(args);
        for (StepModule.ArgProblem p : problems) {
            Node at = inside(argNodes.getOrDefault(p.key(), moduleTuple.getKeyNode()), p.path(), p.atKey());
            diags.error(source.at(at), "Invalid argument " + shown(moduleName, p.key(), p.path()), p.message());
        }
        if (problems.isEmpty()) {
            for (StepModule.LocalFile file : module.localFiles(args)) {
                Node at = inside(argNodes.getOrDefault(file.key(), moduleTuple.getKeyNode()), file.path(), false);
                localFile(file, source.at(at), shown(moduleName, file.key(), file.path()));
            }
        }
        return new Step(name, index, List.copyOf(groups), moduleName, args, timeout, source.at(map), always, become);
    }

    /** How a diagnostic names an argument: {@code "copy" dest}, {@code "env"}, {@code "apt"} item 2. */
    private static String shown(String module, String key, List<String> path) {
        String base = Step.MAIN_ARG.equals(key) ? "\"" + module + "\"" : "\"" + key + "\"";
        return path.isEmpty() ? base : base + " " + String.join(".", path);
    }

    /**
     * The node {@code path} leads to inside {@code node} (mapping keys, list indices); as far as
     * it goes, so a problem is shown on its own line even in a block-style mapping.
     */
    static Node inside(Node node, List<String> path, boolean atKey) {
        Node at = node;
        for (int i = 0; i < path.size(); i++) {
            String step = path.get(i);
            Node next = null;
            if (at instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(step)) {
                        next = atKey && i == path.size() - 1 ? t.getKeyNode() : t.getValueNode();
                        break;
                    }
                }
            } else if (at instanceof SequenceNode seq && step.matches("\\d{1,9}") && Integer.parseInt(step) < seq.getValue().size()) {
                next = seq.getValue().get(Integer.parseInt(step));
            }
            if (next == null) {
                return at;
            }
            at = next;
        }
        return at;
    }

    /** A file the step reads must be there now, and a template file's own names must resolve. */
    private void localFile(StepModule.LocalFile file, SourceRange at, String what) {
        Path resolved = directory.resolve(file.file()).normalize();
        boolean folderOk = file.kind() == StepModule.LocalFile.Kind.FILE_OR_FOLDER;
        if (!Files.exists(resolved)) {
            diags.error(at, "File not found", what + " names " + resolved + ", which does not exist. The path is relative "
                    + "to the playbook's folder; it must name " + (folderOk ? "a file or a folder" : "a file") + " there.");
            return;
        }
        if (!Files.isRegularFile(resolved) && !(folderOk && Files.isDirectory(resolved))) {
            diags.error(at, "Not a file", what + " names " + resolved + ", which is "
                    + (Files.isDirectory(resolved) ? "a folder" : "not a regular file") + "; it must name a file.");
            return;
        }
        if (file.kind() != StepModule.LocalFile.Kind.TEMPLATE) {
            return;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(resolved);
        } catch (IOException e) {
            diags.error(at, "Cannot read file", what + " names " + resolved + ", which cannot be read: " + e.getMessage() + ".");
            return;
        }
        String label = Source.label(resolved);
        Optional<String> text = YamlReader.decode(label, bytes, diags, TEMPLATE_FILE);
        if (text.isPresent() && Templates.hasTemplate(text.get())) {
            Source file0 = new Source(label, text.get());
            templates.add(new TemplateUse(text.get(), file0::atOffset, stepGroups));
        }
    }

    private static final YamlReader.Document TEMPLATE_FILE = new YamlReader.Document("template", "", "");

    private void collectTemplates(Node node) {
        if (node instanceof ScalarNode s && Nodes.isString(s) && Templates.hasTemplate(s.getValue())) {
            templates.add(new TemplateUse(s.getValue(), offset -> source.at(s), stepGroups));
        } else if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(this::collectTemplates);
        } else if (node instanceof MappingNode m) {
            m.getValue().forEach(t -> collectTemplates(t.getValueNode()));
        }
    }
}
