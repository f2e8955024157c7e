package dev.spotplay.state.h2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * State holds host keys and addresses: what spotplay creates is readable by its owner only
 * (files 0600, folders 0700). The mode is asked for at creation, so no other user can ever open
 * the file, and set again right after, in case the file system ignored the request.
 */
final class FileModes {

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

    static void makePrivateFile(Path file) {
        try {
            Files.setPosixFilePermissions(file, PRIVATE_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set the mode of " + file, e);
        }
    }
}
