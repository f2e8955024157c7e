package dev.spotplay.provider.aws;

import dev.spotplay.playbook.Storage;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.efs.model.MountTargetDescription;
import software.amazon.awssdk.services.efs.model.Tag;

/**
 * EFS for {@code storage:} declarations: one file system per declaration, found and created by
 * its creation token {@code spotplay-<cluster>-<name>} (so a repeat, even after a crash, finds
 * the same one), and a mount target in each zone the cluster uses, guarded by the cluster's
 * security group. It holds data, so destroy keeps it unless asked.
 */
final class SharedStorage {
    private final EfsClient efs;
    private final String cluster;
    private final String region;
    private final List<Storage> storage;

    SharedStorage(EfsClient efs, String cluster, String region, List<Storage> storage) {
        this.efs = efs;
        this.cluster = cluster;
        this.region = region;
        this.storage = storage;
    }

    String token(Storage s) {
        return "spotplay-" + cluster + "-" + s.name();
    }

    List<Storage> declared() {
        return storage;
    }

    Optional<FileSystemDescription> find(Storage s) {
        try {
            return efs.describeFileSystems(b -> b.creationToken(token(s))).fileSystems().stream().findFirst();
        } catch (AwsServiceException e) {
            if ("FileSystemNotFound".equals(ApiErrors.code(e))) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code {<name>: {id, address}}} for every declared storage that exists; the mount step's template facts. */
    Map<String, Object> facts() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Storage s : storage) {
            Map<String, Object> f = new LinkedHashMap<>();
            Optional<FileSystemDescription> fs = find(s);
            f.put("id", fs.map(FileSystemDescription::fileSystemId).orElse(""));
            f.put("address", fs.map(d -> address(d.fileSystemId())).orElse(""));
            out.put(s.name(), f);
        }
        return out;
    }

    String address(String fileSystemId) {
        return fileSystemId + ".efs." + region + ".amazonaws.com";
    }

    /** Creates each file system (if missing), waits until available, then a mount target per zone. */
    void ensure(Map<String, String> subnetByZone, String securityGroup, Poller poller) throws IOException {
        for (Storage s : storage) {
            FileSystemDescription fs = find(s).orElse(null);
            if (fs == null) {
                try {
                    efs.createFileSystem(b -> b.creationToken(token(s)).encrypted(true)
                            .tags(Tag.builder().key("Name").value(token(s)).build(),
                                    Tag.builder().key(Tags.CLUSTER).value(cluster).build(),
                                    Tag.builder().key(Tags.CREATOR).value(Tags.creator()).build()));
                } catch (AwsServiceException e) {
                    // A repeat of the token answers 409 (without the id on some emulators): it exists, find it.
                    if (!"FileSystemAlreadyExists".equals(ApiErrors.code(e))) {
                        throw e;
                    }
                }
            }
            String[] id = new String[1];
            poller.until("file system " + token(s) + " is available", () -> {
                FileSystemDescription d = find(s).orElse(null);
                id[0] = d == null ? null : d.fileSystemId();
                return d != null && "available".equals(d.lifeCycleStateAsString());
            });
            Set<String> zones = new HashSet<>();
            for (MountTargetDescription mt : efs.describeMountTargets(b -> b.fileSystemId(id[0])).mountTargets()) {
                zones.add(mt.availabilityZoneName());
            }
            for (var e : subnetByZone.entrySet()) {
                if (zones.contains(e.getKey())) {
                    continue;
                }
                try {
                    efs.createMountTarget(b -> b.fileSystemId(id[0]).subnetId(e.getValue()).securityGroups(securityGroup));
                } catch (AwsServiceException ex) {
                    if (!"MountTargetConflict".equals(ApiErrors.code(ex))) {
                        throw ex;
                    }
                }
            }
        }
    }

    /** Deletes the mount targets, waits until they are gone, then the file systems. */
    void delete(Poller poller) throws IOException {
        for (Storage s : storage) {
            FileSystemDescription fs = find(s).orElse(null);
            if (fs == null) {
                continue;
            }
            String id = fs.fileSystemId();
            for (MountTargetDescription mt : efs.describeMountTargets(b -> b.fileSystemId(id)).mountTargets()) {
                try {
                    efs.deleteMountTarget(b -> b.mountTargetId(mt.mountTargetId()));
                } catch (AwsServiceException e) {
                    // A retry of a delete whose answer was lost finds it gone.
                    if (!"MountTargetNotFound".equals(ApiErrors.code(e))) {
                        throw e;
                    }
                }
            }
            poller.until("the mount targets of " + token(s) + " are deleted",
                    () -> efs.describeMountTargets(b -> b.fileSystemId(id)).mountTargets().isEmpty());
            poller.until("file system " + token(s) + " is deleted", () -> {
                try {
                    efs.deleteFileSystem(b -> b.fileSystemId(id));
                    return true;
                } catch (AwsServiceException e) {
                    String code = ApiErrors.code(e);
                    if ("FileSystemNotFound".equals(code)) {
                        return true;
                    }
                    if ("FileSystemInUse".equals(code)) {
                        return false;
                    }
                    throw e;
                }
            });
        }
    }
}
