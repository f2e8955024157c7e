package dev.spotplay.provider.aws;

import dev.spotplay.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster on moto for one test: writes the playbook (private addresses, SSH to the instances'
 * sshd), and runs spotplay commands in this JVM, through the given API endpoint (moto itself or
 * a fault proxy in front of it).
 */
public final class MotoCluster {
    public final Path dir;
    public final Moto moto;
    public final Moto.Network net;
    public final InstancesFixture instances;
    public final String name;
    private final String image;
    /** With shared storage and a setup step (needs the step modules: the dist module's tests); else nodes only. */
    public boolean withSteps = true;

    public record Result(int code, String out, String err) {
        public String both() {
            return out + err;
        }
    }

    public MotoCluster(Path dir, String name) throws IOException, InterruptedException {
        this.dir = dir;
        this.name = name;
        this.moto = Moto.get();
        this.net = moto.freshNetwork();
        this.instances = InstancesFixture.get();
        instances.trustKeysUnder(dir);
        this.image = moto.image();
    }

    public Path setupLog() {
        return dir.resolve("setup.log");
    }

    public List<String> setupLines() throws IOException {
        return Files.exists(setupLog()) ? Files.readAllLines(setupLog()).stream().sorted().toList() : List.of();
    }

    /** A playbook: head (on-demand) and workers (spot, two types), EFS on both, one step that logs each node's name. */
    public Path playbook(URI endpoint, int workers, int minWorkers, List<String> subnets, String extraWorker) throws IOException {
        String yaml = """
                name: %s
                provider:
                  type: aws
                  region: us-east-1
                  endpoint: %s
                  subnet: [%s]
                  address: private
                ssh:
                  user: %s
                  port: %d
                  connect_timeout: 5s
                  start_timeout: 60s
                  allow_from: [127.0.0.1/32]
                groups:
                  head:
                    count: 1
                    market: on-demand
                    instance_type: t3.small
                    image: %s
                  worker:
                    count: %d
                    min_count: %d
                    instance_type: [c5.large, c5a.large]
                    image: %s
                    volume: { size_gb: 20, type: gp3 }
                    tags: { team: test }
                    after: [head]%s
                """.formatted(name, endpoint, String.join(", ", subnets), instances.user(), instances.port(), image,
                workers, minWorkers, image, extraWorker == null ? "" : "\n    " + extraWorker);
        if (withSteps) {
            yaml += """
                storage:
                  shared:
                    type: efs
                    mount: %s
                    groups: [head, worker]
                steps:
                  - name: hello
                    shell: echo {{ node.name }} >> %s
                """.formatted(dir.resolve("mnt/shared"), setupLog());
        }
        Path file = dir.resolve(name + ".yml");
        Files.writeString(file, yaml);
        return file;
    }

    public Path playbook(URI endpoint, int workers) throws IOException {
        return playbook(endpoint, workers, workers, List.of(net.subnetA()), null);
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    public List<String> liveNames() {
        return moto.liveNames(name);
    }
}
