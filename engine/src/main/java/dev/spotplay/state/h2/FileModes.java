package dev.spotplay.state.h2;

import com.sun.security.auth.module.UnixSystem;
import dev.spotplay.diag.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * State holds host keys and addresses: what spotplay creates is readable by its owner only
 * (files 0600, folders 0700). The mode is asked for at creation, so no other user can ever open
 * the file, and set again right after, in case the file system ignored the request.
 *
 * <p>What was there before is checked too: a {@code .spotplay} folder or a state file another
 * user owns is refused (they could read the cluster's keys, or replace the host keys and
 * addresses spotplay trusts), and one of ours that others may open is made private before use.
 * A folder the user named with {@code --state} other than {@code .spotplay} keeps its mode: it
 * may well be shared ({@code /tmp}); the files in it are still checked.
 */
final class FileModes {

    /** The folder beside a playbook that spotplay makes for its state. */
    static final String STATE_FOLDER = ".spotplay";
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE_ATTR = PosixFilePermissions.asFileAttribute(PRIVATE_FILE);

    private FileModes() {}

    /** Creates the folder and any missing parents it needs, each 0700; leaves existing ones alone. */
    static void createPrivateDirs(Path dir) {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        if (absolute.getParent() != null) {
            createPrivateDirs(absolute.getParent());
        }
        try {
            Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
            Files.setPosixFilePermissions(absolute, PRIVATE_DIR);
        } catch (FileAlreadyExistsException e) {
            // another process made it first; its mode is its own
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Creates an empty 0600 file unless it exists; returns whether it created it. */
    static boolean createPrivateFile(Path file) {
        try {
            Files.createFile(file, PRIVATE_FILE_ATTR);
            makePrivateFile(file);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    /** Refuses the state folder (if it is {@code .spotplay}) or any existing file of these that is not this user's. */
    static void requireOwn(Path folder, Path... files) {
        if (folder.getFileName() != null && folder.getFileName().toString().equals(STATE_FOLDER)) {
            requireOwn(folder, "State folder");
        }
        for (Path f : files) {
            requireOwn(f, "State file");
        }
    }

    /** Takes group and other access away from the state folder (if it is {@code .spotplay}) and from these files. */
    static void makePrivate(Path folder, Path... files) {
        if (folder.getFileName() != null && folder.getFileName().toString().equals(STATE_FOLDER)) {
            restrict(folder, PRIVATE_DIR);
        }
        for (Path f : files) {
            restrict(f, PRIVATE_FILE);
        }
    }

    private static void requireOwn(Path p, String what) {
        UnixSystem me = new UnixSystem();
        for (LinkOption[] how : List.of(new LinkOption[] {LinkOption.NOFOLLOW_LINKS}, new LinkOption[0])) {
            int uid;
            try {
                uid = (Integer) Files.getAttribute(p, "unix:uid", how);
            } catch (NoSuchFileException missing) {
                return;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the owner of " + p, e);
            }
            if (uid != me.getUid()) {
                String owner;
                try {
                    owner = Files.getOwner(p, how).getName();
                } catch (IOException e) {
                    owner = "uid " + uid;
                }
                throw new UserError(what + " " + p + " belongs to " + owner + ", not to " + me.getUsername()
                        + ": spotplay will not trust or share it. Point --state at a folder of your own, or have "
                        + owner + " remove it.");
            }
        }
    }

    private static void restrict(Path p, Set<PosixFilePermission> mode) {
        try {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            if (!Collections.disjoint(now, OTHERS)) {
                Files.setPosixFilePermissions(p, mode);
            }
        } catch (NoSuchFileException missing) {
            // made private when it is created
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set the mode of " + p, e);
        }
    }

    static void makePrivateFile(Path file) {
        try {
            Files.setPosixFilePermissions(file, PRIVATE_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set the mode of " + file, e);
        }
    }
}
