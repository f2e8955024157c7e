package dev.spotplay.modules;

import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepResult;
import dev.spotplay.module.StepScript;
import dev.spotplay.playbook.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code template: {src, dest, mode}}: renders a local file with the node's variables and facts
 * ({@code {{ node.name }}}, {@code {{ groups.worker }}}, ...) and sends it where the node's copy
 * differs by sha256.
 */
public final class TemplateModule extends AbstractModule {
    private static final String EXAMPLE = "`template: {src: ./app.conf.tmpl, dest: /etc/app.conf}`";

    @Override
    public String name() {
        return "template";
    }

    @Override
    public List<ArgProblem> validate(Map<String, Object> args) {
        Args a = new Args(name());
        Map<String, Object> m = a.mainMap(args, Set.of("src", "dest", "mode"), Set.of("src", "dest"), EXAMPLE);
        if (m != null) {
            a.string(m, "src", Step.MAIN_ARG, "a file relative to the playbook's folder");
            a.nodePath(m, "dest", Step.MAIN_ARG);
            a.mode(m, "mode", Step.MAIN_ARG);
        }
        return a.problems();
    }

    /** The template file beside the playbook; its own {@code {{ }}} names are checked like the playbook's. */
    @Override
    public List<LocalFile> localFiles(Map<String, Object> args) {
        if (args.get(Step.MAIN_ARG) instanceof Map<?, ?> m && m.get("src") instanceof String src && !Args.templated(src)) {
            return List.of(new LocalFile(Step.MAIN_ARG, List.of("src"), src, LocalFile.Kind.TEMPLATE));
        }
        return List.of();
    }

    /** The rendered text: a change in the template or in a fact it uses reruns the step. */
    @Override
    public String fingerprint(Map<String, Object> args, Path playbookDir, StepContext.TemplateRenderer templates) throws IOException {
        String src = main(args).get("src").toString();
        Path file = playbookDir.resolve(src).normalize();
        if (!Files.isRegularFile(file)) {
            return "missing " + file;
        }
        return "sha256:" + dev.spotplay.diag.Sha256.hex(templates.render(Files.readString(file), src).getBytes(StandardCharsets.UTF_8));
    }

    /** A missing src is answered here, without the node; else the rendered text is synced. */
    @Override
    StepResult alone(StepContext ctx) throws Exception {
        Map<String, Object> m = main(ctx.args());
        String src = m.get("src").toString();
        Path file = ctx.playbookDir().resolve(src).normalize();
        if (!Files.isRegularFile(file)) {
            return StepResult.failed("template src " + src + " not found (looked for " + file + ")", "");
        }
        return FileSync.run(ctx, List.of(wanted(ctx, m, file)));
    }

    /** The rendered text travels inside the batch; a missing src or a large text goes to {@link #alone}. */
    @Override
    Optional<StepScript> fragment(StepContext ctx) throws IOException {
        Map<String, Object> m = main(ctx.args());
        Path file = ctx.playbookDir().resolve(m.get("src").toString()).normalize();
        return Files.isRegularFile(file) ? FileSync.fragment(List.of(wanted(ctx, m, file))) : Optional.empty();
    }

    private static FileSync.Wanted wanted(StepContext ctx, Map<String, Object> m, Path file) throws IOException {
        String rendered = ctx.templates().render(Files.readString(file), m.get("src").toString());
        String dest = FileSync.intoFolder(m.get("dest").toString(), file.getFileName().toString());
        return new FileSync.Wanted(dest, Content.of(rendered.getBytes(StandardCharsets.UTF_8)), Args.parseMode(m.get("mode")), 0644);
    }
}
