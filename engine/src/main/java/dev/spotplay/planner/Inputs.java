package dev.spotplay.planner;

import dev.spotplay.diag.FileHashes;
import dev.spotplay.diag.UserError;
import dev.spotplay.module.ModuleCatalog;
import dev.spotplay.module.StepModule;
import dev.spotplay.plan.Basis;
import dev.spotplay.playbook.Playbook;
import dev.spotplay.playbook.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The local files a plan depends on, and their hashes: the playbook itself, every file its
 * steps send as their modules name them ({@link StepModule#localFiles}), and what the provider
 * reads beside the playbook (an inventory). A file's hash is the SHA-256 of its bytes; a
 * folder's covers every path in it and every file's bytes (large files' hashes are remembered
 * across runs: {@link FileHashes}); a missing one is
 * {@link Basis#MISSING}. A name written with a template is left out here: the step's own
 * definition hash ({@link dev.spotplay.plan.Change#definition}) covers it where the plan can know it.
 */
public final class Inputs {

    private Inputs() {}

    /** Each local file once, with who uses it (the first user named), in playbook order, then the provider's. */
    public static List<Basis.Input> of(Playbook pb, ModuleCatalog modules, List<Path> providerFiles) {
        Map<Path, String> users = new LinkedHashMap<>();
        for (Step step : pb.steps()) {
            StepModule module = modules.find(step.module()).orElse(null);
            if (module == null) {
                continue; // the loader refused it already
            }
            for (StepModule.LocalFile f : module.localFiles(step.args())) {
                users.putIfAbsent(pb.directory().resolve(f.file()).toAbsolutePath().normalize(), "step \"" + step.name() + "\"");
            }
        }
        providerFiles.forEach(p -> users.putIfAbsent(p.toAbsolutePath().normalize(), "the " + pb.provider().type() + " provider"));
        List<Basis.Input> inputs = new ArrayList<>();
        users.forEach((path, user) -> inputs.add(new Basis.Input(path.toString(), sha256(path), user)));
        return inputs;
    }

    /** The hash of a file's bytes, of a folder's paths and files, or {@link Basis#MISSING}. */
    public static String sha256(Path path) {
        try {
            if (!Files.exists(path)) {
                return Basis.MISSING;
            }
            if (!Files.isDirectory(path)) {
                return FileHashes.shared().sha256(path);
            }
            MessageDigest tree = dev.spotplay.diag.Sha256.digest();
            List<Path> all;
            try (Stream<Path> walk = Files.walk(path)) {
                all = walk.sorted().toList();
            }
            for (Path p : all) {
                String rel = path.relativize(p).toString();
                tree.update((rel + (Files.isDirectory(p) ? "/" : "") + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (Files.isRegularFile(p)) {
                    tree.update(FileHashes.shared().sha256Bytes(p));
                }
            }
            return HexFormat.of().formatHex(tree.digest());
        } catch (IOException e) {
            throw new UserError("Could not read " + path + " to hash it for the plan: " + e.getMessage(), e);
        }
    }

}
