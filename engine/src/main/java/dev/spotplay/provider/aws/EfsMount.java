package dev.spotplay.provider.aws;

import dev.spotplay.playbook.ProvidedStep;
import dev.spotplay.playbook.Step;
import dev.spotplay.playbook.Storage;
import java.util.Map;

/**
 * The setup step that mounts an EFS file system, one per storage declaration: a step of the
 * {@code shell} module, checked through the module catalog like one the user wrote. The file
 * system's address reaches it as the template fact {@code storage.<name>.address}, which this
 * provider knows once the storage exists.
 *
 * <p>On the node it installs the NFS client if missing, writes one fstab line (nfs4 with EFS's
 * recommended options and {@code _netdev}, so boot waits for the network) and mounts. Two
 * environment variables on the node redirect it, for images and test machines that must not
 * touch the real ones: {@code SPOTPLAY_FSTAB} (another fstab file) and {@code SPOTPLAY_MOUNT}
 * (another mount command; its presence also skips the package install).
 */
final class EfsMount {
    static final String NFS_OPTIONS = "nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noresvport,_netdev";
    static final String MODULE = "shell";

    private EfsMount() {}

    static ProvidedStep step(Storage s) {
        return new ProvidedStep("mount " + s.name(), MODULE, Map.of(Step.MAIN_ARG, script(s)));
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
