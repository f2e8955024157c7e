package dev.spotplay.modules;

import dev.spotplay.module.StepContext;
import dev.spotplay.module.StepResult;
import dev.spotplay.module.StepScript;
import dev.spotplay.transport.Shell;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Brings files on a node to given contents, by checksum. Shared by copy and template; the
 * logic is one sh fragment ({@link #script}): every destination is checked first (sha256 and
 * mode; a non-file stops it before anything is written), then only the differing files are
 * written, each atomically.
 *
 * <p>The data comes from one of two places, and nothing else differs. Up to
 * {@link Fragments#MAX_INLINE_BYTES} it travels inside the fragment, which can then be batched.
 * Larger data is not sent unasked: the step runs alone, the same fragment first answering which
 * files it lacks (without writing any), those alone are put beside their destinations (so no
 * other file system needs room for them, and the write is a rename) under a name holding their
 * sha256 (so a copy left there by a run that was killed is only ever used with the right bytes:
 * the fragment checks), and the fragment runs again, now finding them there.
 */
final class FileSync {
    /** How the staged fragment asks for data, as its {@code changed} message (which never starts so otherwise). */
    private static final String ASK = "send:";

    private FileSync() {}

    /**
     * A file as it should be on the node. {@code mode} null: keep the mode of an existing file,
     * else use {@code newFileMode}.
     */
    record Wanted(String dest, Content content, Integer mode, int newFileMode) {}

    /** The sync as a batchable fragment, its data inside; empty when the data is too large to send unasked. */
    static Optional<StepScript> fragment(List<Wanted> files) {
        long size = files.stream().mapToLong(w -> w.content().length()).sum();
        if (files.isEmpty() || size > Fragments.MAX_INLINE_BYTES) {
            return Optional.empty();
        }
        return Optional.of(script(files, null));
    }

    /** The sync run alone: the fragment with its data inside, or, for large data, staged as the class doc says. */
    static StepResult run(StepContext ctx, List<Wanted> files) throws IOException {
        Optional<StepScript> inline = fragment(files);
        if (inline.isPresent()) {
            return AbstractModule.runAlone(ctx, inline.get());
        }
        List<String> staged = new java.util.ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String dest = files.get(i).dest();
            staged.add(dest.substring(0, dest.lastIndexOf('/') + 1) + ".spotplay-send." + i + "." + files.get(i).content().sha256());
        }
        StepScript script = script(files, staged);
        StepResult r = AbstractModule.runAlone(ctx, script);
        if (!asks(r)) {
            return r;   // unchanged, or failed at the check: nothing was asked for
        }
        try {
            for (String index : r.message().substring(ASK.length()).strip().split(" ")) {
                int i = Integer.parseInt(index);
                files.get(i).content().send(ctx.connection(), staged.get(i), 0600, ctx.timeout());
            }
        } catch (IOException e) {
            ctx.connection().exec("rm -f -- " + quoted(staged), ctx.timeout());
            throw e;
        }
        r = AbstractModule.runAlone(ctx, script);
        return asks(r) ? StepResult.failed("destination files changed on the node while the new ones were sent; run again", "") : r;
    }

    private static String quoted(List<String> paths) {
        return String.join(" ", paths.stream().map(Shell::quote).toList());
    }

    private static boolean asks(StepResult r) {
        return r.outcome() == StepResult.Outcome.CHANGED && r.message().startsWith(ASK);
    }

    /**
     * The check-and-act. With {@code staged} null, each file's data is a here-document inside;
     * else file {@code i}'s data is read from {@code staged.get(i)} (removed when the fragment
     * ends), and a differing file whose staged copy is not there yet (with its sha256) makes the
     * fragment write nothing and answer {@code changed send: INDEX...} instead.
     */
    private static StepScript script(List<Wanted> files, List<String> staged) {
        // Its output is the names it wrote (more than one) and the messages of commands that failed:
        // bounded while the names fit well inside what a step's output keeps.
        long names = files.stream().mapToLong(w -> w.dest().length() + 1L).sum();
        String body = body(files, staged);
        return names <= dev.spotplay.module.StepResult.MAX_TAIL_CHARS / 2 ? StepScript.bounded(body) : new StepScript(body);
    }

    private static String body(List<Wanted> files, List<String> staged) {
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
        if (staged != null) {
            sb.append("need=\n");
            for (int i = 0; i < files.size(); i++) {
                String s = Shell.quote(staged.get(i));
                sb.append("[ -z \"$s").append(i).append("\" ] || { [ -f ").append(s).append(" ] && [ \"$(sha256sum < ").append(s)
                        .append(" | cut -c1-64)\" = ").append(files.get(i).content().sha256()).append(" ]; } || need=\"$need ").append(i).append("\"\n");
            }
            sb.append("if [ -n \"$need\" ]; then printf '%s\\n' \"changed ").append(ASK).append("$need\" >&3; exit 0; fi\n");
            // Only once all that is needed is there: what is staged is used, then removed.
            sb.append("trap ").append(Shell.quote("rm -f -- " + quoted(staged))).append(" EXIT\n");
        }
        for (int i = 0; i < files.size(); i++) {
            Wanted w = files.get(i);
            // A staged file becomes the temp file by a rename, its mode set (it was sent private).
            String fill = staged == null ? Fragments.data(w.content(), "\"$t\"")
                    : "mv -f -- " + Shell.quote(staged.get(i)) + " \"$t\" && chmod \"$s" + i + "\" -- \"$t\"\n";
            sb.append("if [ -n \"$s").append(i).append("\" ]; then\np=").append(Shell.quote(w.dest())).append('\n')
                    .append(DIR_OF_P).append("t=\"$d/.${p##*/}.spotplay-tmp.$$\"\n")
                    .append("if ! { { [ -d \"$d\" ] || mkdir -p -- \"$d\"; } && ").append(Fragments.writeWithMode("$s" + i, fill, "\"$t\""))
                    .append(" && mv -f -- \"$t\" \"$p\"; }; then rm -f -- \"$t\"; ")
                    .append(Fragments.verdict("failed", "cannot write " + w.dest())).append("exit 1; fi\n")
                    .append("n=$((n+1)); last=\"$p\"; names=\"$names$p\n\"\nfi\n");
        }
        // The names sent are the output; one name is already in the message.
        sb.append("[ $n -le 1 ] || printf '%s' \"$names\"\n");
        String upToDate = files.size() == 1 ? files.get(0).dest() + " up to date" : files.size() + " files up to date";
        sb.append("if [ $n -eq 0 ]; then ").append(Fragments.verdict("unchanged", upToDate))
                .append("elif [ $n -eq 1 ]; then printf 'changed 1 file updated (%s)\\n' \"$last\" >&3\n")
                .append("else printf 'changed %d files updated\\n' $n >&3; fi\n");
        return sb.toString();
    }

    /** {@code d} := the folder of {@code $p}, as dirname would say it, without running dirname. */
    static final String DIR_OF_P = "case $p in */*) d=${p%/*}; d=${d:-/};; *) d=.;; esac\n";

    /** {@code dest} itself, or {@code dest + name} when dest ends with a slash (a folder to copy into). */
    static String intoFolder(String dest, String name) {
        return dest.endsWith("/") ? dest + name : dest;
    }
}
