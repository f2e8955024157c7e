package dev.spotplay.exec;

import dev.spotplay.diag.Sha256;
import dev.spotplay.diag.UserError;
import dev.spotplay.transport.Connection;
import dev.spotplay.transport.ExecResult;
import dev.spotplay.transport.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code spotplay cp}'s transfers over one node's connection (sshj, the pinned host keys, the
 * bastion when there is one; no scp binary), by checksum: a file whose SHA-256 on the other side
 * is the same is not sent. Folders are copied recursively, as {@code scp -r} does: a source
 * folder {@code a} copied to {@code DEST} lands in {@code DEST/a}. Remote paths go to the node's
 * shell quoted, one word each.
 */
public final class Copy {
    private Copy() {}

    /** One local file and where it goes on the node. */
    public record Item(Path local, String remote) {}

    /**
     * What to send for {@code sources} to {@code dest}: a folder is walked; several sources, a
     * folder, or a {@code dest} ending in {@code /} make {@code dest} a folder; a lone file goes to
     * {@code dest} itself unless {@code destIsFolder} (the node said it is one).
     */
    public static List<Item> plan(List<Path> sources, String dest, boolean destIsFolder) throws IOException {
        boolean folder = destIsFolder || dest.endsWith("/") || sources.size() > 1 || sources.stream().anyMatch(Files::isDirectory);
        String base = dest.endsWith("/") && dest.length() > 1 ? dest.substring(0, dest.length() - 1) : dest;
        List<Item> out = new ArrayList<>();
        for (Path src : sources) {
            if (!Files.exists(src)) {
                throw new UserError("No such file or folder: " + src);
            }
            String name = src.toAbsolutePath().normalize().getFileName().toString();
            if (Files.isDirectory(src)) {
                try (Stream<Path> walk = Files.walk(src)) {
                    for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                        out.add(new Item(p, join(base, name + "/" + src.relativize(p).toString().replace('\\', '/'))));
                    }
                }
            } else {
                out.add(new Item(src, folder ? join(base, name) : base));
            }
        }
        for (Item i : out) {
            checkPath(i.remote());
        }
        return out;
    }

    private static String join(String folder, String rel) {
        return folder.equals("/") ? "/" + rel : folder + "/" + rel;
    }

    /** sha256sum prints a name with a newline or backslash escaped: such names are refused rather than misread. */
    static void checkPath(String remote) {
        if (remote.isEmpty() || remote.indexOf('\n') >= 0 || remote.indexOf('\\') >= 0 || remote.indexOf('\0') >= 0) {
            throw new UserError("Cannot copy to or from the remote path " + dev.spotplay.transport.LoginNames.show(remote)
                    + ": spotplay cp takes paths without newlines, backslashes or NUL.");
        }
    }

    /** Whether {@code path} is a folder on the node. */
    public static boolean isFolder(Connection c, String path, Duration timeout) throws IOException {
        return c.exec("test -d " + Shell.quote(path), timeout).exitCode() == 0;
    }

    /** Sends what differs; returns a one-line summary ({@code sent N, unchanged M}) as the node's output. */
    public static ExecResult upload(Connection c, List<Item> items, Duration timeout) throws IOException {
        Map<String, String> remote = checksums(c, items.stream().map(Item::remote).toList(), timeout);
        int sent = 0;
        int same = 0;
        StringBuilder lines = new StringBuilder();
        for (Item i : items) {
            if (Sha256.hexOfFile(i.local()).equals(remote.get(i.remote()))) {
                same++;
                continue;
            }
            c.putFile(i.local(), i.remote(), mode(i.local()), timeout);
            sent++;
            lines.append("sent ").append(i.remote()).append('\n');
        }
        return new ExecResult(0, lines + "sent " + sent + ", unchanged " + same + "\n", "");
    }

    /**
     * Fetches {@code remotePath} (a file, or a folder, recursively) into {@code localDest}: a folder
     * {@code p} lands in {@code localDest/p}'s last name, a file at {@code localDest} itself unless that
     * is a folder. Files whose local SHA-256 is the same are not fetched.
     */
    public static ExecResult download(Connection c, String remotePath, Path localDest, Duration timeout) throws IOException {
        checkPath(remotePath);
        String trimmed = remotePath.length() > 1 && remotePath.endsWith("/") ? remotePath.substring(0, remotePath.length() - 1) : remotePath;
        String name = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        Map<String, Path> targets = new LinkedHashMap<>();
        if (isFolder(c, trimmed, timeout)) {
            String p = trimmed.startsWith("/") ? trimmed : "./" + trimmed;
            ExecResult found = c.exec("find " + Shell.quote(p) + " -type f", timeout);
            if (!found.ok()) {
                throw new IOException("cannot list " + remotePath + ": " + found.stderr().strip());
            }
            Path root = localDest.resolve(name);
            for (String f : found.stdout().split("\n")) {
                if (f.isEmpty()) {
                    continue;
                }
                checkPath(f);
                String rel = f.substring(p.length()).replaceFirst("^/+", "");
                Path local = root.resolve(rel).normalize();
                if (!local.startsWith(root)) {
                    throw new IOException("the node named a file outside " + remotePath + ": " + f);
                }
                targets.put(f, local);
            }
        } else {
            targets.put(trimmed, Files.isDirectory(localDest) ? localDest.resolve(name) : localDest);
        }
        Map<String, String> remote = checksums(c, List.copyOf(targets.keySet()), timeout);
        int fetched = 0;
        int same = 0;
        StringBuilder lines = new StringBuilder();
        for (Map.Entry<String, Path> t : targets.entrySet()) {
            Path local = t.getValue();
            if (remote.get(t.getKey()) == null) {
                throw new java.nio.file.NoSuchFileException(t.getKey() + " on the node");
            }
            if (Files.isRegularFile(local) && Sha256.hexOfFile(local).equals(remote.get(t.getKey()))) {
                same++;
                continue;
            }
            Files.createDirectories(local.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(local.toAbsolutePath().getParent(), ".spotplay-cp", "");
            try {
                try (java.io.OutputStream sink = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
                    c.fetchTo(t.getKey(), sink, timeout);
                }
                // Streamed, not held: what arrived is checked against the node's checksum, so a
                // file that changed on the node while it was read is never taken as fetched.
                if (!Sha256.hexOfFile(tmp).equals(remote.get(t.getKey()))) {
                    throw new IOException(t.getKey() + " changed on the node while it was fetched; run cp again");
                }
                Files.move(tmp, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            fetched++;
            lines.append("fetched ").append(t.getKey()).append(" -> ").append(local).append('\n');
        }
        return new ExecResult(0, lines + "fetched " + fetched + ", unchanged " + same + "\n", "");
    }

    /** Path to SHA-256 (hex) for those of {@code paths} that exist on the node, in one command. */
    static Map<String, String> checksums(Connection c, List<String> paths, Duration timeout) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (int from = 0; from < paths.size(); from += 200) {
            List<String> batch = paths.subList(from, Math.min(paths.size(), from + 200));
            StringBuilder cmd = new StringBuilder("for f in");
            batch.forEach(p -> cmd.append(' ').append(Shell.quote(p)));
            cmd.append("; do if [ -f \"$f\" ]; then sha256sum < \"$f\" | cut -c1-64; else echo -; fi; done");
            ExecResult r = c.exec(cmd.toString(), timeout);
            String[] lines = r.stdout().split("\n", -1);
            if (!r.ok() || lines.length < batch.size()) {
                throw new IOException("cannot compute checksums on the node (sha256sum): " + r.stderr().strip());
            }
            for (int i = 0; i < batch.size(); i++) {
                if (!lines[i].equals("-")) {
                    out.put(batch.get(i), lines[i].strip());
                }
            }
        }
        return out;
    }

    /** The local file's permission bits, so a script stays executable. */
    private static int mode(Path local) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(local);
        int m = 0;
        for (PosixFilePermission p : perms) {
            m |= 1 << (8 - p.ordinal());
        }
        return m;
    }
}
