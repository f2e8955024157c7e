package dev.spotplay.modules;

import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepResult;
import dev.spotplay.module.StepScript;
import dev.spotplay.transport.Shell;
import dev.spotplay.transport.ExecResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Brings files on a node to given contents, by checksum: one exec prints the sha256 and mode
 * of every destination, then only the files that differ are sent. Shared by copy and template.
 */
final class FileSync {
    private FileSync() {}

    /**
     * A file as it should be on the node. {@code mode} null: keep the mode of an existing file,
     * else use {@code newFileMode}.
     */
    record Wanted(String dest, Content content, Integer mode, int newFileMode) {}

    /** What the check found at one destination: kind is file, absent or other (a folder, a device). */
    record Found(String kind, int mode, String sha256) {}

    // One line per path read from stdin, in order, so the answer maps back without parsing names.
    static final String PROBE = """
            while IFS= read -r p; do
              if [ -f "$p" ]; then
                printf 'file %s %s\\n' "$(stat -L -c %a -- "$p")" "$(sha256sum < "$p" | cut -c1-64)"
              elif [ -e "$p" ] || [ -L "$p" ]; then echo other
              else echo absent
              fi
            done
            """;

    static StepResult sync(StepContext ctx, List<Wanted> files) throws IOException {
        StringBuilder paths = new StringBuilder();
        for (Wanted w : files) {
            paths.append(w.dest()).append('\n');
        }
        ExecResult r = AbstractModule.exec(ctx, PROBE, paths.toString().getBytes(StandardCharsets.UTF_8));
        List<String> lines = r.stdout().lines().toList();
        if (!r.ok() || lines.size() != files.size()) {
            return AbstractModule.failed("checking " + files.size() + " destination file(s) failed", r);
        }
        List<Wanted> send = new ArrayList<>();
        List<Integer> modes = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Wanted w = files.get(i);
            Found f = parse(lines.get(i));
            if (f.kind().equals("other")) {
                return StepResult.failed(w.dest() + " exists and is not a regular file; remove it or choose another dest", "");
            }
            int mode = w.mode() != null ? w.mode() : f.kind().equals("file") ? f.mode() : w.newFileMode();
            boolean same = f.kind().equals("file") && f.sha256().equals(w.content().sha256()) && f.mode() == mode;
            if (!same) {
                send.add(w);
                modes.add(mode);
            }
        }
        if (send.isEmpty()) {
            return StepResult.unchanged(files.size() == 1 ? files.get(0).dest() + " up to date" : files.size() + " files up to date");
        }
        for (int i = 0; i < send.size(); i++) {
            ctx.connection().put(send.get(i).content().bytes(), send.get(i).dest(), modes.get(i), ctx.timeout());
        }
        String names = String.join("\n", send.stream().map(Wanted::dest).toList());
        return StepResult.changed(send.size() == 1 ? "1 file updated (" + send.get(0).dest() + ")" : send.size() + " files updated", names);
    }

    /**
     * The same sync as one sh fragment: every destination checked first (a non-file stops it
     * before anything is written), then only the differing files written, each atomically, their
     * contents inside the fragment. Empty when the files are too large to send unasked.
     */
    static Optional<StepScript> fragment(List<Wanted> files) {
        long size = files.stream().mapToLong(w -> w.content().length()).sum();
        if (files.isEmpty() || size > Fragments.MAX_INLINE_BYTES) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder("n=0; names=\n");
        for (int i = 0; i < files.size(); i++) {
            Wanted w = files.get(i);
            String keep = w.mode() != null ? Integer.toOctalString(w.mode()) : "\"$m\"";
            sb.append("p=").append(Shell.quote(w.dest())).append('\n')
                    .append("if [ -f \"$p\" ]; then h=$(sha256sum < \"$p\" | cut -c1-64); m=$(stat -L -c %a -- \"$p\"); w=").append(keep)
                    .append("\nelif [ -e \"$p\" ] || [ -L \"$p\" ]; then ")
                    .append(Fragments.verdict("failed", w.dest() + " exists and is not a regular file; remove it or choose another dest"))
                    .append("exit 1\nelse h=; m=; w=").append(w.mode() != null ? keep : Integer.toOctalString(w.newFileMode())).append("\nfi\n")
                    .append("if [ \"$h\" = ").append(w.content().sha256()).append(" ] && [ \"$m\" = \"$w\" ]; then s").append(i)
                    .append("=; else s").append(i).append("=$w; fi\n");
        }
        for (int i = 0; i < files.size(); i++) {
            Wanted w = files.get(i);
            sb.append("if [ -n \"$s").append(i).append("\" ]; then\np=").append(Shell.quote(w.dest())).append('\n')
                    .append(DIR_OF_P).append("t=\"$d/.${p##*/}.spotplay-tmp.$$\"\n")
                    .append("if ! { { [ -d \"$d\" ] || mkdir -p -- \"$d\"; } && ").append(Fragments.writeWithMode("$s" + i, w.content(), "\"$t\""))
                    .append(" && mv -f -- \"$t\" \"$p\"; }; then rm -f -- \"$t\"; ")
                    .append(Fragments.verdict("failed", "cannot write " + w.dest())).append("exit 1; fi\n")
                    .append("n=$((n+1)); last=\"$p\"; names=\"$names$p\n\"\nfi\n");
        }
        // The names sent are the output, as run gives them; one name is already in the message.
        sb.append("[ $n -le 1 ] || printf '%s' \"$names\"\n");
        String upToDate = files.size() == 1 ? files.get(0).dest() + " up to date" : files.size() + " files up to date";
        sb.append("if [ $n -eq 0 ]; then ").append(Fragments.verdict("unchanged", upToDate))
                .append("elif [ $n -eq 1 ]; then printf 'changed 1 file updated (%s)\\n' \"$last\" >&3\n")
                .append("else printf 'changed %d files updated\\n' $n >&3; fi\n");
        return Optional.of(new StepScript(sb.toString()));
    }

    /** {@code d} := the folder of {@code $p}, as dirname would say it, without running dirname. */
    static final String DIR_OF_P = "case $p in */*) d=${p%/*}; d=${d:-/};; *) d=.;; esac\n";

    private static Found parse(String line) {
        String[] parts = line.split(" ");
        if (parts[0].equals("file") && parts.length == 3) {
            return new Found("file", Integer.parseInt(parts[1], 8), parts[2]);
        }
        return new Found(parts[0], 0, "");
    }

    static String sha256(byte[] content) {
        return HexFormat.of().formatHex(digest().digest(content));
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** {@code dest} itself, or {@code dest + name} when dest ends with a slash (a folder to copy into). */
    static String intoFolder(String dest, String name) {
        return dest.endsWith("/") ? dest + name : dest;
    }
}
