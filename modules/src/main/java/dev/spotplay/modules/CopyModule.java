package dev.spotplay.modules;

import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepResult;
import dev.spotplay.module.StepScript;
import dev.spotplay.playbook.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code copy: {src | content, dest, mode}}: a local file, a local folder (recursively, keeping
 * its layout) or inline text, sent only where the node's copy differs by sha256.
 */
public final class CopyModule extends AbstractModule {
    private static final String EXAMPLE = "`copy: {src: ./app, dest: /opt/app}`";

    @Override
    public String name() {
        return "copy";
    }

    @Override
    public List<ArgProblem> validate(Map<String, Object> args) {
        Args a = new Args(name());
        Map<String, Object> m = a.mainMap(args, Set.of("src", "content", "dest", "mode"), Set.of("dest"), EXAMPLE);
        if (m == null) {
            return a.problems();
        }
        if (m.containsKey("src") == m.containsKey("content")) {
            a.problem(Step.MAIN_ARG, "copy needs exactly one of \"src\" (a file or folder beside the playbook) or \"content\" (inline text)");
        }
        a.string(m, "src", Step.MAIN_ARG, "a path relative to the playbook's folder");
        if (m.get("content") != null && !(m.get("content") instanceof String)) {
            a.problemAt(Step.MAIN_ARG, "content", "copy \"content\" must be text (use a YAML block `|` for several lines), not "
                    + Args.describe(m.get("content")));
        }
        a.nodePath(m, "dest", Step.MAIN_ARG);
        if (m.get("content") != null && m.get("dest") instanceof String dest && dest.endsWith("/")) {
            a.problemAt(Step.MAIN_ARG, "dest", "copy \"dest\" ending in / means \"into this folder, under the source's own name\", "
                    + "and inline content has no name: write the file's whole path, like " + dest + "app.conf");
        }
        a.mode(m, "mode", Step.MAIN_ARG);
        return a.problems();
    }

    /** A src beside the playbook, a file or a folder (a templated one is known only per node). */
    @Override
    public List<LocalFile> localFiles(Map<String, Object> args) {
        if (args.get(Step.MAIN_ARG) instanceof Map<?, ?> m && m.get("src") instanceof String src && !Args.templated(src)) {
            return List.of(new LocalFile(Step.MAIN_ARG, List.of("src"), src, LocalFile.Kind.FILE_OR_FOLDER));
        }
        return List.of();
    }

    @Override
    public String fingerprint(Map<String, Object> args, Path playbookDir, StepContext.TemplateRenderer templates) throws IOException {
        Map<String, Object> m = main(args);
        if (m.get("src") == null) {
            return ""; // inline content is part of the arguments, already in the definition hash
        }
        Path src = playbookDir.resolve(m.get("src").toString()).normalize();
        if (!Files.exists(src)) {
            return "missing " + src; // run reports it; plan still shows the step
        }
        MessageDigest d = dev.spotplay.diag.Sha256.digest();
        for (Local f : collect(src)) {
            d.update((f.relative() + "\0" + (f.executable() ? "x" : "-") + "\0").getBytes(StandardCharsets.UTF_8));
            d.update(java.util.HexFormat.of().parseHex(f.content().sha256()));
        }
        return "sha256:" + java.util.HexFormat.of().formatHex(d.digest());
    }

    /** A missing src, a bad link or an empty folder is answered here, without the node; else the files are synced. */
    @Override
    StepResult alone(StepContext ctx) throws Exception {
        Prepared p = prepare(ctx);
        return p.early() != null ? p.early() : FileSync.run(ctx, p.files());
    }

    /** Small files travel inside the batch; larger ones (see {@link FileSync}) and an early answer go to {@link #alone}. */
    @Override
    Optional<StepScript> fragment(StepContext ctx) throws IOException {
        Prepared p = prepare(ctx);
        return p.early() != null ? Optional.empty() : FileSync.fragment(p.files());
    }

    /** The files to sync, or the result to give at once. */
    private record Prepared(List<FileSync.Wanted> files, StepResult early) {}

    private static Prepared prepare(StepContext ctx) throws IOException {
        Map<String, Object> m = main(ctx.args());
        String dest = m.get("dest").toString();
        Integer mode = Args.parseMode(m.get("mode"));
        if (m.get("content") != null) {
            byte[] content = m.get("content").toString().getBytes(StandardCharsets.UTF_8);
            return new Prepared(List.of(new FileSync.Wanted(dest, Content.of(content), mode, 0644)), null);
        }
        String srcArg = m.get("src").toString();
        Path src = ctx.playbookDir().resolve(srcArg).normalize();
        if (!Files.exists(src)) {
            return new Prepared(List.of(), StepResult.failed("src " + srcArg + " not found (looked for " + src + ")", ""));
        }
        List<Local> locals;
        try {
            locals = collect(src);
        } catch (BadSource e) {
            return new Prepared(List.of(), StepResult.failed(e.getMessage(), ""));
        }
        boolean folder = Files.isDirectory(src);
        if (folder && locals.isEmpty()) {
            return new Prepared(List.of(), StepResult.unchanged("src " + srcArg + " holds no files"));
        }
        String base = dest.endsWith("/") ? dest : dest + "/";
        List<FileSync.Wanted> wanted = new ArrayList<>();
        for (Local f : locals) {
            String target = folder ? base + f.relative() : FileSync.intoFolder(dest, src.getFileName().toString());
            wanted.add(new FileSync.Wanted(target, f.content(), mode, f.executable() ? 0755 : 0644));
        }
        return new Prepared(wanted, null);
    }

    record Local(String relative, Content content, boolean executable) {}

    static final class BadSource extends IOException {
        BadSource(String message) {
            super(message);
        }
    }

    /** Every regular file under {@code src} (or src itself), sorted; a symlink must stay inside src. */
    static List<Local> collect(Path src) throws IOException {
        Path root = src.toRealPath();
        Path linkRoot = Files.isDirectory(root) ? root : root.getParent();
        List<Local> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(src, FileVisitOption.FOLLOW_LINKS)) {
            for (Path p : walk.sorted().toList()) {
                if (Files.isSymbolicLink(p) && !Files.exists(p)) {
                    throw new BadSource("src " + src + ": " + src.relativize(p) + " is a broken link");
                }
                Path real = p.toRealPath();
                if (!real.startsWith(linkRoot)) {
                    throw new BadSource("src " + src + ": " + src.relativize(p) + " links to " + real
                            + ", outside src; copy the target into src or remove the link");
                }
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                String rel = Files.isDirectory(src) ? src.relativize(p).toString() : p.getFileName().toString();
                if (rel.indexOf('\n') >= 0) {
                    throw new BadSource("src " + src + ": file name " + rel.replace("\n", "\\n") + " holds a line break");
                }
                out.add(new Local(rel, Content.ofFile(p), Files.isExecutable(p)));
            }
        }
        return out;
    }
}
