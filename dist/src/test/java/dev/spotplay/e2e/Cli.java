package dev.spotplay.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real launcher, {@code ./spotplay}, as a user would, without a terminal. */
final class Cli {
    static final Path ROOT = Path.of(System.getProperty("spotplay.root", "..")).toAbsolutePath().normalize();

    record Result(int code, String out, String err) {
        String both() {
            return out + err;
        }
    }

    /** Marks the build current: this Maven run has just built dist/target/lib. */
    static void markBuilt() throws IOException {
        Path stamp = ROOT.resolve("dist/target/.built");
        Files.createDirectories(stamp.getParent());
        Files.writeString(stamp, "built by the Maven run that runs these tests\n");
    }

    /** Waits (up to two minutes) until a started command's output holds {@code text}; fails with its output if it never does. */
    static void awaitOut(Path cwd, Process p, String text) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (!read(cwd, "out").contains(text) && System.currentTimeMillis() < deadline && p.isAlive()) {
            Thread.sleep(100);
        }
        if (!read(cwd, "out").contains(text)) {
            throw new AssertionError("no \"" + text + "\" in:\n" + read(cwd, "out") + read(cwd, "err"));
        }
    }

    static Result run(Path cwd, String... args) throws IOException, InterruptedException {
        return run(cwd, 300, args);
    }

    static Result run(Path cwd, int timeoutSeconds, String... args) throws IOException, InterruptedException {
        return finish(cwd, start(cwd, args), timeoutSeconds, args);
    }

    private static Result finish(Path cwd, Process p, int timeoutSeconds, String... args) throws IOException, InterruptedException {
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("spotplay " + String.join(" ", args) + " did not finish in " + timeoutSeconds + "s");
        }
        return new Result(p.exitValue(), read(cwd, "out"), read(cwd, "err"));
    }

    static Process start(Path cwd, String... args) throws IOException {
        return start(cwd, false, args);
    }

    /**
     * @param ownSession start it as a terminal would start a foreground job: in a session and
     *                   process group of its own (so a test can send it "Ctrl-C")
     */
    static Process start(Path cwd, boolean ownSession, String... args) throws IOException {
        return start(cwd, ownSession, java.util.Map.of(), args);
    }

    /** With {@code env} added to the environment (test knobs). */
    static Result run(Path cwd, java.util.Map<String, String> env, String... args) throws IOException, InterruptedException {
        return finish(cwd, start(cwd, false, env, args), 300, args);
    }

    static Process start(Path cwd, boolean ownSession, java.util.Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (ownSession) {
            cmd.add("setsid");
        }
        cmd.add(ROOT.resolve("spotplay").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectOutput(cwd.resolve(".cli-out").toFile());
        pb.redirectError(cwd.resolve(".cli-err").toFile());
        pb.environment().put("NO_COLOR", "1");
        // Tests talk to moto and sshd on loopback only; the guard makes spotplay refuse anything else.
        pb.environment().put("SPOTPLAY_LOOPBACK_ONLY", "1");
        pb.environment().put("AWS_ACCESS_KEY_ID", "testing");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        pb.environment().putAll(env);
        return pb.start();
    }

    /** How a killed run went: whether it ended by itself first, and when (ms after its start) it was killed or ended. */
    record Killed(boolean finished, long atMillis) {}

    /**
     * Runs {@code spotplay ARGS} and kills it (-9) at a random moment of a run of about
     * {@code typicalMillis}, or, given a {@code milestone}, a random moment (under 250 ms) after
     * its output first shows that line.
     */
    static Killed killDuring(Path cwd, java.util.Random random, String milestone, long typicalMillis, String... args)
            throws IOException, InterruptedException {
        long started = System.currentTimeMillis();
        Process cli = start(cwd, args);
        boolean finished;
        if (milestone == null) {
            finished = cli.waitFor(300 + random.nextInt((int) Math.max(500, typicalMillis)), TimeUnit.MILLISECONDS);
        } else {
            long deadline = started + 120_000;
            while (cli.isAlive() && !read(cwd, "out").contains(milestone) && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            finished = cli.waitFor(random.nextInt(250), TimeUnit.MILLISECONDS);
        }
        long at = System.currentTimeMillis() - started;
        if (!finished) {
            cli.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        return new Killed(finished, at);
    }

    static String read(Path cwd, String which) throws IOException {
        Path f = cwd.resolve(".cli-" + which);
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }

    /** Two groups of two local nodes, b after a, each with a slow step: an apply with something to interrupt. */
    static void writeSlowPlaybook(Path file, String name) throws IOException {
        Files.writeString(file, """
                name: %s
                groups:
                  a: { count: 2 }
                  b: { count: 2, after: [a] }
                steps:
                  - name: slow
                    shell: sleep 1 && echo done >> slow.log
                  - name: marker
                    shell: echo ok > marker
                """.formatted(name));
    }

    /** The local provider's node processes (one per node: its "spotplay-node" anchor) whose folders lie in {@code nodesDir}. */
    static List<ProcessHandle> nodeProcesses(Path nodesDir) {
        String mine = nodesDir.toString();
        try (var all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.info().commandLine().map(c -> c.contains("spotplay-node") && c.contains(mine)).orElse(false)).toList();
        }
    }

    /** The names of the local nodes whose anchor process runs, of the cluster folder {@code clusterDir} ({@code .spotplay/NAME}), sorted. */
    static List<String> runningNodes(Path clusterDir) {
        return nodeProcesses(clusterDir.resolve("nodes")).stream()
                .map(p -> p.info().commandLine().orElse("")).map(c -> c.replaceAll(".*/nodes/([a-z0-9-]+).*", "$1")).sorted().toList();
    }

    /** The local provider's cluster daemons serving a cluster folder under {@code dir} (destroy must leave none). */
    static List<ProcessHandle> clusterDaemons(Path dir) {
        String mine = dir.toString();
        try (var all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.info().commandLine().map(c -> c.contains("ClusterDaemon") && c.contains(mine)).orElse(false)).toList();
        }
    }

    /** Copies the demo playbook and its files into {@code dir}. */
    static Path copyDemo(Path dir) throws IOException {
        Path src = ROOT.resolve("playbooks");
        try (var walk = Files.walk(src)) {
            for (Path p : walk.toList()) {
                Path rel = src.relativize(p);
                if (rel.toString().startsWith(".spotplay")) {
                    continue;
                }
                Path dst = dir.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(p, dst);
                }
            }
        }
        return dir.resolve("demo.yml");
    }

    /**
     * A static inventory of one group, {@code name address} pairs, logging in as this user with
     * the OpenSSH fixture's key on {@code port}.
     */
    static String inventory(String group, int port, String... nameAndAddress) {
        StringBuilder ini = new StringBuilder("[" + group + "]\n");
        for (int i = 0; i + 1 < nameAndAddress.length; i += 2) {
            ini.append(nameAndAddress[i]).append(" ansible_host=").append(nameAndAddress[i + 1]).append('\n');
        }
        return ini + "[all:vars]\nansible_port=" + port + "\nansible_user=" + System.getProperty("user.name")
                + "\nansible_ssh_private_key_file=" + dev.spotplay.testing.OpenSshServer.get().key() + "\n";
    }
}
