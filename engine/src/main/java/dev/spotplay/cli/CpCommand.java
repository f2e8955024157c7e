package dev.spotplay.cli;

import dev.spotplay.diag.UserError;
import dev.spotplay.exec.AdHoc;
import dev.spotplay.exec.Copy;
import dev.spotplay.exec.Session;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.NodeStatus;
import dev.spotplay.transport.ExecResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "cp", mixinStandardHelpOptions = true,
        customSynopsis = "spotplay cp [OPTIONS] [PLAYBOOK] SRC... DEST",
        description = {"Copy files and folders to or from nodes, like scp -r, by checksum:",
            "a file that is already the same on the other side is not sent.",
            "NODE:PATH is a path on one node; GROUP:PATH (or all:PATH) on every",
            "running node of the group, in parallel. Uploads: SRC... local, DEST",
            "remote. Downloads: SRC remote, DEST local (from a group, each node's",
            "files land in DEST/NODE/). Goes over spotplay's own SSH with the host",
            "keys pinned in state (run apply first), through ssh.proxy_jump's",
            "bastion when there is one. A local path with a colon: ./a:b."},
        footer = {"", "Examples: spotplay cp demo.yml app.conf worker:/etc/app/",
            "          spotplay cp ./site web:/srv/            (the folder becomes /srv/site on every web node)",
            "          spotplay cp head001:/var/log/app.log .",
            "          spotplay cp worker:/var/log/app logs/   (logs/worker001/app, logs/worker002/app, ...)"})
final class CpCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Parameters(arity = "2..*", paramLabel = "PLAYBOOK|SRC|DEST", description = "Sources, then the destination; NODE:PATH or GROUP:PATH on one side.")
    List<String> words;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "64", description = "At most N nodes at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
            description = "Give up on a node's whole transfer after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** {@code NODE:PATH}: a colon before any slash, as scp reads it. */
    record Remote(String target, String path) {
        static Remote of(String word) {
            int colon = word.indexOf(':');
            int slash = word.indexOf('/');
            if (colon <= 0 || (slash >= 0 && slash < colon)) {
                return null;
            }
            String path = word.substring(colon + 1);
            return new Remote(word.substring(0, colon), path.isEmpty() ? "." : path);
        }
    }

    @Override
    public Integer call() throws IOException {
        List<String> w = new ArrayList<>(words);
        Path playbook = Path.of("cluster.yml");
        String first = w.get(0).toLowerCase(Locale.ROOT);
        if (Remote.of(w.get(0)) == null && (first.endsWith(".yml") || first.endsWith(".yaml")) && w.size() >= 3) {
            playbook = Path.of(w.remove(0));
        }
        String destWord = w.remove(w.size() - 1);
        Remote dest = Remote.of(destWord);
        List<Remote> remoteSources = w.stream().map(Remote::of).toList();
        boolean upload = dest != null;
        if (upload && remoteSources.stream().anyMatch(r -> r != null)) {
            throw new UserError("Copy either to nodes or from nodes: both " + w + " and " + destWord + " name nodes.");
        }
        if (!upload && remoteSources.stream().anyMatch(r -> r == null)) {
            throw new UserError("Neither side names a node: write NODE:PATH or GROUP:PATH as the sources or as the destination.");
        }
        if (!upload && remoteSources.stream().map(Remote::target).distinct().count() > 1) {
            throw new UserError("Copy from one node or group at a time, not from " + remoteSources.stream().map(Remote::target).distinct().toList() + ".");
        }
        var out = spec.commandLine().getOut();
        try (Session session = Session.open(playbook, common.session(false), false, "cp")) {
            String target = upload ? dest.target() : remoteSources.get(0).target();
            List<NodeRecord> all = session.reconcile().nodes();
            List<NodeRecord> nodes = new ArrayList<>();
            boolean group = target.equals("all") || session.playbook().group(target).isPresent();
            for (NodeRecord n : all) {
                if ((group ? target.equals("all") || n.group().equals(target) : n.name().equals(target)) && n.status() == NodeStatus.RUNNING) {
                    nodes.add(n);
                }
            }
            if (nodes.isEmpty()) {
                List<String> names = new ArrayList<>(all.stream().map(NodeRecord::name).toList());
                session.playbook().groups().forEach(g -> names.add(g.name()));
                throw new UserError("No running node or group \"" + target + "\" in cluster \"" + session.playbook().name() + "\"."
                        + dev.spotplay.diag.DidYouMean.hint(target, names) + " 'spotplay status' lists the nodes.");
            }
            List<Path> sources = upload ? w.stream().map(Path::of).toList() : List.of();
            for (Path s : sources) {
                if (!Files.exists(s)) {
                    throw new UserError("No such file or folder: " + s);
                }
            }
            Path localDest = upload ? null : Path.of(destWord);
            if (!upload && (group || remoteSources.size() > 1)) {
                Files.createDirectories(localDest);
            }
            AdHoc.OnNode work = upload
                    ? (n, c) -> Copy.upload(c, Copy.plan(sources, dest.path(), Copy.isFolder(c, dest.path(), timeout)), timeout)
                    : (n, c) -> {
                        Path into = group ? localDest.resolve(n.name()) : localDest;
                        if (group) {
                            Files.createDirectories(into);
                        }
                        StringBuilder text = new StringBuilder();
                        for (Remote r : remoteSources) {
                            text.append(Copy.download(c, r.path(), into, timeout).stdout());
                        }
                        return new ExecResult(0, text.toString(), "");
                    };
            List<AdHoc.Result> results = new AdHoc(session, Connectors.BOTH, parallel).run(nodes, work, timeout, r -> {
                out.println(r.node() + " | " + (r.error() != null ? "FAILED" : "OK") + " >>");
                out.println(r.error() != null ? r.error() : r.output().stdout().strip());
                out.flush();
            });
            long failed = results.stream().filter(r -> !r.ok()).count();
            if (failed > 0) {
                spec.commandLine().getErr().println("Failed on " + failed + " of " + results.size() + " nodes.");
                return 1;
            }
            return 0;
        }
    }
}
