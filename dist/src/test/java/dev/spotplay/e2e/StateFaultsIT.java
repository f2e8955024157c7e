package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.testing.EndToEnd;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state file's environment failing under the built ./spotplay (issue 7, finding 6): a
 * truncated or corrupt file, a full disk, a signal in the middle of a write. Each gives one line
 * that names the cause and what to do, never H2's text or "a bug"; and each has a way back that
 * finds the same nodes again, none duplicated.
 */
@EndToEnd
class StateFaultsIT {
    @TempDir Path dir;
    private Path mounted;

    @BeforeAll
    static void built() throws IOException {
        Cli.markBuilt();
    }

    @AfterEach
    void destroy() throws Exception {
        List<ProcessHandle> left;
        try {
            if (mounted != null) {
                Files.deleteIfExists(mounted.resolve("filler"));
            }
            Cli.run(dir, "destroy", playbookPath("sf.yml"), "--yes");
        } finally {
            left = nodeProcesses();
            left.forEach(ProcessHandle::destroyForcibly); // a failed test must not leak nodes
            left.forEach(p -> p.onExit().join());
            if (mounted != null && new ProcessBuilder("umount", mounted.toString()).inheritIO().start().waitFor() != 0) {
                new ProcessBuilder("umount", "-l", mounted.toString()).inheritIO().start().waitFor();
            }
        }
        assertEquals(List.of(), left, "destroy left node processes");
    }

    @Test
    void truncatedStateIsOneLineAndTheBackupCopyBringsItBack() throws Exception {
        applyTwoNodes();
        Path db = dir.resolve(".spotplay/sf.mv.db");
        Path backup = dir.resolve(".spotplay/sf.mv.db.bak");
        assertTrue(Files.exists(backup), "a command that changed state leaves the last good copy");
        assertEquals("rw-------", mode(backup));
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.setLength(6000); // cut inside the file's second header block: nothing after it is left
        }
        for (String command : List.of("plan", "status", "apply")) {
            Cli.Result r = command.equals("apply") ? Cli.run(dir, command, "sf.yml", "--yes") : Cli.run(dir, command, "sf.yml");
            String line = oneActionableLine(r);
            assertTrue(line.contains("State file " + db + " is corrupt"), command + ": " + line);
            assertTrue(line.contains("cp " + backup + " " + db), "says how to restore the last good copy: " + line);
        }

        // What the README tells a user to type.
        Files.copy(backup, db, StandardCopyOption.REPLACE_EXISTING);
        Cli.Result again = Cli.run(dir, "apply", "sf.yml", "--yes");
        assertEquals(0, again.code(), again.both());
        assertTrue(again.out().contains("No changes"), "the last good copy knows everything: " + again.out());
        assertEquals(2, nodeProcesses().size(), "no node duplicated");
    }

    @Test
    void corruptStateIsOneLineAndMovingItAsideFindsTheNodesAgain() throws Exception {
        applyTwoNodes();
        Path db = dir.resolve(".spotplay/sf.mv.db");
        byte[] bytes = Files.readAllBytes(db);
        for (int i = 8192; i < bytes.length; i++) { // the two 4 KiB header blocks stay; every record after them is damaged
            bytes[i] ^= 0x5a;
        }
        Files.write(db, bytes);
        Cli.Result broken = Cli.run(dir, "apply", "sf.yml", "--yes");
        String line = oneActionableLine(broken);
        assertTrue(line.contains("State file " + db + " is corrupt"), line);
        assertTrue(line.contains("mv " + db + " "), "says how to move it aside: " + line);

        // Without the backup either: the provider is asked what exists, and adopts the nodes.
        Files.move(db, dir.resolve(".spotplay/sf.mv.db.corrupt"));
        Files.delete(dir.resolve(".spotplay/sf.mv.db.bak"));
        Cli.Result again = Cli.run(dir, "apply", "sf.yml", "--yes");
        assertEquals(0, again.code(), again.both());
        assertEquals(2, nodeProcesses().size(), "the nodes are found again, none launched twice:\n" + again.out());
        assertEquals(0, Cli.run(dir, "plan", "sf.yml", "--detailed-exitcode").code(), "converged");
    }

    @Test
    void fullDiskIsOneLineNamingNoSpaceAndStopsBeforeLaunching() throws Exception {
        mounted = Files.createDirectories(dir.resolve("mnt"));
        int mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", mounted.toString())
                .inheritIO().start().waitFor();
        if (mount != 0) {
            mounted = null;
        }
        Assumptions.assumeTrue(mount == 0, "needs root to mount a small tmpfs (CI runs as root); StateFaultsTest covers the rest");
        applyTwoNodes();
        Files.writeString(mounted.resolve("sf3.yml"), Files.readString(mounted.resolve("sf.yml")).replace("count: 2", "count: 3"));
        Files.writeString(mounted.resolve("new.yml"), "name: new\ngroups:\n  a: { count: 1 }\n");
        Path filler = mounted.resolve("filler");
        try (OutputStream o = Files.newOutputStream(filler)) {
            byte[] block = new byte[4096];
            while (true) {
                o.write(block);
            }
        } catch (IOException full) {
            // the disk is full
        }
        Cli.Result r = Cli.run(dir, "apply", "mnt/sf3.yml", "--yes");
        String line = oneActionableLine(r);
        assertTrue(line.contains("No space left on " + mounted), line);
        assertTrue(line.contains("free space and run again: nothing was lost"), line);
        assertEquals(2, nodeProcesses().size(), "nothing launched: the launch's intent could not be recorded");
        String fresh = oneActionableLine(Cli.run(dir, "apply", "mnt/new.yml", "--yes"));
        assertTrue(fresh.contains("No space left on " + mounted), "a new cluster's state cannot even be created: " + fresh);

        Files.delete(filler);
        Cli.Result again = Cli.run(dir, "apply", "mnt/sf3.yml", "--yes");
        assertEquals(0, again.code(), again.both());
        assertEquals(3, nodeProcesses().size(), again.out());
    }

    @Test
    void sigtermAndSigintAtRandomMomentsSayInterruptedAndTheNextApplyConverges() throws Exception {
        Cli.writeSlowPlaybook(dir.resolve("sf.yml"), "sf");
        Cli.run(dir, "--version"); // the launcher's one-off work after a build (its class-data archive) is not what is timed
        Random random = new Random(7);
        int interrupted = 0;
        boolean finished = false;
        for (int trial = 0; trial < 10; trial++) {
            if (finished) { // start afresh, so that there is work to interrupt, launches included
                Cli.run(dir, "destroy", "sf.yml", "--yes");
            }
            Process cli = Cli.start(dir, true, "apply", "sf.yml", "--yes");
            Thread.sleep(600 + random.nextInt(2500));
            boolean term = trial % 2 == 0;
            // SIGTERM goes to the process (kill, systemd); SIGINT to its group (Ctrl-C on a terminal)
            List<String> kill = term ? List.of("kill", "-TERM", Long.toString(cli.pid())) : List.of("kill", "-INT", "--", "-" + cli.pid());
            new ProcessBuilder(kill).inheritIO().start().waitFor();
            assertTrue(cli.waitFor(60, TimeUnit.SECONDS), "the CLI stops on a signal");
            String err = Cli.read(dir, "err");
            String what = "trial " + trial + (term ? " SIGTERM" : " SIGINT") + ", exit " + cli.exitValue() + ":\n" + err;
            for (String bad : List.of("bug", "org.h2", "MVStore", "Database is already closed", "Exception", "\tat ")) {
                assertFalse(err.contains(bad), what);
            }
            System.out.println(what.strip());
            finished = cli.exitValue() == 0;
            if (!finished) {
                interrupted++;
                assertEquals(1, err.strip().lines().count(), "one line: " + what);
                String line = err.strip();
                // before apply has begun (the JVM starting) there is nothing to say but that
                assertTrue(line.equals("Interrupted.") || line.startsWith("Interrupted: ") && line.endsWith("run apply again to resume."), what);
            }
        }
        assertTrue(interrupted >= 5, interrupted + " of 10 applies were interrupted before they finished");
        Cli.Result finish = Cli.run(dir, "apply", "sf.yml", "--yes");
        assertEquals(0, finish.code(), finish.both());
        assertEquals(4, nodeProcesses().size(), "exactly one process per node");
        assertEquals(0, Cli.run(dir, "plan", "sf.yml", "--detailed-exitcode").code());
    }

    private void applyTwoNodes() throws Exception {
        Path where = mounted != null ? mounted : dir;
        Files.writeString(where.resolve("sf.yml"), """
                name: sf
                groups:
                  a: { count: 2 }
                steps:
                  - name: marker
                    shell: echo ok > marker
                """);
        Cli.Result first = Cli.run(dir, "apply", playbookPath("sf.yml"), "--yes");
        assertEquals(0, first.code(), first.both());
        assertEquals(2, nodeProcesses().size());
    }

    private String playbookPath(String name) {
        return mounted != null ? "mnt/" + name : name;
    }

    /** Exit 1 and a single line on stderr: the cause and what to do, without a trace or H2's words. */
    private static String oneActionableLine(Cli.Result r) {
        assertEquals(1, r.code(), r.both());
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(1, lines.size(), "one line: " + r.err());
        String line = lines.get(0);
        assertTrue(line.startsWith("Error: "), line);
        for (String bad : List.of("bug", "org.h2", "MVStore", "Exception", "[9", "[5")) {
            assertFalse(line.contains(bad), "no H2 text, no \"bug\": " + line);
        }
        return line;
    }

    /** Node server processes whose folder lies in this test's cluster. */
    private List<ProcessHandle> nodeProcesses() {
        return Cli.nodeProcesses((mounted != null ? mounted : dir).resolve(".spotplay/sf/nodes"));
    }

    private static String mode(Path p) throws IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
