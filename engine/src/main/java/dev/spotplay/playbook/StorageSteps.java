package dev.spotplay.playbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The setup step that mounts shared storage, one per storage declaration, run first on the
 * groups the storage lists. It is an ordinary {@code shell} step, so it is planned, hashed,
 * resumed and reported like any other; the file system's address reaches it as the template
 * fact {@code storage.<name>.address}, which the provider knows once the storage exists.
 *
 * <p>On the node it installs the NFS client if missing, writes one fstab line (nfs4 with EFS's
 * recommended options and {@code _netdev}, so boot waits for the network) and mounts. Two
 * environment variables on the node redirect it, for images and test machines that must not
 * touch the real ones: {@code SPOTPLAY_FSTAB} (another fstab file) and {@code SPOTPLAY_MOUNT}
 * (another mount command; its presence also skips the package install).
 */
public final class StorageSteps {
    public static final String NFS_OPTIONS = "nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noresvport,_netdev";

    private StorageSteps() {}

    public static String stepName(Storage s) {
        return "mount " + s.name();
    }

    /** The storage mount steps first, then the playbook's own, renumbered in that order. */
    static List<Step> prepend(List<Storage> storage, List<Step> steps, java.time.Duration timeout) {
        List<Step> all = new ArrayList<>();
        for (Storage s : storage) {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put(Step.MAIN_ARG, script(s));
            all.add(new Step(stepName(s), 0, List.copyOf(s.groups()), "shell", args, timeout, s.at()));
        }
        all.addAll(steps);
        List<Step> numbered = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Step st = all.get(i);
            numbered.add(new Step(st.name(), i, st.groups(), st.module(), st.args(), st.timeout(), st.at()));
        }
        return List.copyOf(numbered);
    }

    static String script(Storage s) {
        String dir = quote(s.mount());
        return String.join("\n",
                "set -e",
                "addr={{ storage." + s.name() + ".address }}",
                "dir=" + dir,
                "fstab=\"${SPOTPLAY_FSTAB:-/etc/fstab}\"",
                "SUDO=; [ \"$(id -u)\" = 0 ] || SUDO='sudo -n'",
                "if [ -z \"${SPOTPLAY_MOUNT:-}\" ] && ! command -v mount.nfs4 >/dev/null 2>&1; then",
                "  if command -v apt-get >/dev/null 2>&1; then $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nfs-common;",
                "  else $SUDO yum install -y -q nfs-utils; fi",
                "fi",
                "line=\"$addr:/ $dir nfs4 " + NFS_OPTIONS + " 0 0\"",
                "$SUDO mkdir -p \"$dir\"",
                "if ! grep -qxF \"$line\" \"$fstab\" 2>/dev/null; then",
                "  $SUDO touch \"$fstab\"",
                "  grep -vF \" $dir nfs4 \" \"$fstab\" > \"$fstab.spotplay.tmp\" || true",
                "  echo \"$line\" >> \"$fstab.spotplay.tmp\"",
                "  $SUDO cp \"$fstab.spotplay.tmp\" \"$fstab\" && rm -f \"$fstab.spotplay.tmp\"",
                "fi",
                "mountpoint -q \"$dir\" 2>/dev/null || $SUDO ${SPOTPLAY_MOUNT:-mount} -T \"$fstab\" \"$dir\"");
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }
}
