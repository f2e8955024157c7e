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
 * security group. It holds data, so destroy keeps it unless asked. A declaration that names an
 * existing file system ({@code id: fs-...} or {@code creation_token: ...}) is used, not owned:
 * found by that name, mounted through the mount targets it has, and never created, given mount
 * targets, or deleted, whatever destroy is asked.
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

    /** Whether it names a file system that exists beside the cluster (used, not owned). */
    static boolean existing(Storage s) {
        return s.setting(AwsLanguage.EFS_ID) != null || s.setting(AwsLanguage.EFS_TOKEN) != null;
    }

    /** Whether any declaration is the cluster's own (created by it, with mount targets using its security group). */
    boolean anyOwned() {
        return storage.stream().anyMatch(s -> !existing(s));
    }

    /** How the plan and messages name it: {@code fs-…} or {@code creation token …} for an existing one, else its own token. */
    String label(Storage s) {
        Object id = s.setting(AwsLanguage.EFS_ID);
        return id != null ? id.toString() : existing(s) ? "creation token " + s.setting(AwsLanguage.EFS_TOKEN) : token(s);
    }

    Optional<FileSystemDescription> find(Storage s) {
        Object id = s.setting(AwsLanguage.EFS_ID);
        String token = s.setting(AwsLanguage.EFS_TOKEN) != null ? s.setting(AwsLanguage.EFS_TOKEN).toString() : token(s);
        try {
            if (id != null) {
                return efs.describeFileSystems(b -> b.fileSystemId(id.toString())).fileSystems().stream().findFirst();
            }
            return efs.describeFileSystems(b -> b.creationToken(token)).fileSystems().stream().findFirst();
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
            if (existing(s)) {
                // Not ours: it must exist, and it is only waited for.
                if (find(s).isEmpty()) {
                    throw new IOException(missing(s));
                }
                poller.until("file system " + label(s) + " is available",
                        () -> find(s).map(d -> "available".equals(d.lifeCycleStateAsString())).orElse(false));
                continue;
            }
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
            if (existing(s)) {
                continue; // used, not owned: never deleted
            }
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

    /** What is wrong when an existing file system the playbook names is not there. */
    String missing(Storage s) {
        return "storage " + s.name() + ": no EFS file system " + label(s) + " in " + region + " (it names an existing one, which"
                + " spotplay uses but never creates): check the " + (s.setting(AwsLanguage.EFS_ID) != null ? "id" : "creation_token")
                + ", the region and the account";
    }

    /** The zones of {@code zones} where an existing file system has no mount target (nodes there cannot mount it). */
    List<String> zonesWithoutMountTarget(Storage s, java.util.Collection<String> zones) {
        FileSystemDescription fs = find(s).orElse(null);
        if (fs == null) {
            return List.of();
        }
        Set<String> have = new HashSet<>();
        efs.describeMountTargets(b -> b.fileSystemId(fs.fileSystemId())).mountTargets().forEach(mt -> have.add(mt.availabilityZoneName()));
        return zones.stream().filter(z -> !have.contains(z)).sorted().toList();
    }
}
