package dev.spotplay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.provider.aws.MotoCluster;
import dev.spotplay.testing.EndToEnd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;

/**
 * An EFS file system made beside spotplay (with the SDK, as a team would have one), named in the
 * playbook by id and by creation token, on moto through the built ./spotplay: the plan says it
 * is used, not owned (and where it lacks a mount target); apply mounts it (its fstab line names
 * that file system) and creates no other; destroy, even with --include-storage, leaves it. A
 * malformed id is refused at its line and column, one that does not exist at plan time; both
 * change nothing.
 */
@EndToEnd
class AwsExistingEfsIT {
    @TempDir Path dir;

    @BeforeAll
    static void built() throws IOException {
        Cli.markBuilt();
    }

    @Test
    void anExistingFileSystemIsMountedNeverCreatedNorDeleted() throws Exception {
        MotoCluster c = new MotoCluster(dir, "efsuse");
        String id = c.moto.efs().createFileSystem(b -> b.creationToken("team-data")).fileSystemId();
        Path pb = c.playbook(c.moto.url(), 1);
        String ownYaml = Files.readString(pb);
        Files.writeString(pb, ownYaml.replace("    type: efs\n", "    type: efs\n    id: " + id + "\n"));

        Cli.Result plan = Cli.run(dir, "plan", pb.toString());
        assertEquals(0, plan.code(), plan.both());
        assertTrue(plan.out().contains("EFS " + id + " is used, not owned"), plan.out());
        assertTrue(plan.out().contains("it has no mount target in us-east-1a"), plan.out());
        assertFalse(plan.out().contains("+ storage"), "nothing to create: " + plan.out());
        c.moto.efs().createMountTarget(b -> b.fileSystemId(id).subnetId(c.net.subnetA()));
        plan = Cli.run(dir, "plan", pb.toString());
        assertFalse(plan.out().contains("no mount target"), plan.out());

        Cli.Result apply = Cli.run(dir, "apply", pb.toString(), "--yes");
        assertEquals(0, apply.code(), apply.both());
        String line = id + ".efs.us-east-1.amazonaws.com:/ " + dir.resolve("mnt/shared") + " nfs4 ";
        assertTrue(fstab(c).stream().anyMatch(l -> l.startsWith(line)), "mounted: " + fstab(c));
        assertEquals(List.of(id), fileSystems(c), "no file system of its own");
        Cli.Result keep = Cli.run(dir, "destroy", pb.toString(), "--yes");
        assertEquals(0, keep.code(), keep.both());
        assertTrue(keep.out().contains("storage shared is not this cluster's (it only uses it): never deleted"), keep.both());
        assertFalse(keep.out().contains("--include-storage deletes them"), keep.out());
        assertEquals(List.of(id), fileSystems(c));
        assertEquals(0, Cli.run(dir, "apply", pb.toString(), "--yes").code(), "and once more, to destroy with --include-storage");
        Cli.Result destroy = Cli.run(dir, "destroy", pb.toString(), "--yes", "--include-storage");
        assertEquals(0, destroy.code(), destroy.both());
        assertEquals(List.of(id), fileSystems(c), "destroy leaves what it does not own");
        assertEquals(1, c.moto.efs().describeMountTargets(b -> b.fileSystemId(id)).mountTargets().size(), "its mount target too");
        assertEquals(List.of(), c.liveNames());

        // By creation token: the same file system.
        Files.writeString(pb, ownYaml.replace("    type: efs\n", "    type: efs\n    creation_token: team-data\n"));
        plan = Cli.run(dir, "plan", pb.toString());
        assertEquals(0, plan.code(), plan.both());
        assertTrue(plan.out().contains("EFS creation token team-data is used, not owned"), plan.out());

        // Wrong: a malformed id at its place; both names at once; one that does not exist. Nothing changes.
        Files.writeString(pb, ownYaml.replace("    type: efs\n", "    type: efs\n    id: fs-XYZ\n"));
        Cli.Result bad = Cli.run(dir, "validate", pb.toString());
        assertEquals(1, bad.code(), bad.both());
        int row = ownYaml.substring(0, ownYaml.indexOf("    type: efs\n")).split("\n", -1).length + 1;
        assertTrue(bad.err().contains(pb.getFileName() + ":" + row + ":9: Invalid file system id"), bad.err());
        Files.writeString(pb, ownYaml.replace("    type: efs\n", "    type: efs\n    id: " + id + "\n    creation_token: team-data\n"));
        bad = Cli.run(dir, "validate", pb.toString());
        assertEquals(1, bad.code(), bad.both());
        assertTrue(bad.err().contains("Two names for one file system"), bad.err());
        Files.writeString(pb, ownYaml.replace("    type: efs\n", "    type: efs\n    id: fs-0123456789abcdef0\n"));
        bad = Cli.run(dir, "apply", pb.toString(), "--yes");
        assertEquals(1, bad.code(), bad.both());
        assertTrue(bad.err().contains("storage shared: no EFS file system fs-0123456789abcdef0 in us-east-1"), bad.err());
        assertEquals(List.of(), c.liveNames(), "nothing launched");
        assertEquals(List.of(id), fileSystems(c));
    }

    private static List<String> fstab(MotoCluster c) throws IOException {
        Path f = Path.of(System.getenv("SPOTPLAY_TEST_INSTANCES_DIR")).resolve("fstab");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    private static List<String> fileSystems(MotoCluster c) {
        return c.moto.efs().describeFileSystems().fileSystems().stream().map(FileSystemDescription::fileSystemId).sorted().toList();
    }
}
