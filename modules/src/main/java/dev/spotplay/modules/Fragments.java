package dev.spotplay.modules;

import dev.spotplay.transport.Shell;

/**
 * Pieces of the sh fragments modules give for batched runs ({@link dev.spotplay.module.StepScript}):
 * the verdict on fd 3, data as a here-document, and the limit above which data is better sent
 * by the module's own run (checked first, so unchanged files are not sent at all).
 */
final class Fragments {
    /** Data up to this size travels inside the batch; more is sent only where the check finds it differs. */
    static final int MAX_INLINE_BYTES = 256 * 1024;
    private static final String END = "SPOTPLAY_DATA_END";

    private Fragments() {}

    /** {@code printf '%s\n' 'changed MESSAGE' >&3} */
    static String verdict(String outcome, String message) {
        return "printf '%s\\n' " + Shell.quote(outcome + " " + message.replace('\n', ' ')) + " >&3\n";
    }

    /**
     * {@code act COMMAND...} runs a command, keeping its output in {@code $o} (and passing it on)
     * and its status in {@code $r}, for {@link #failed}.
     */
    static final String ACT = "act() { o=$(\"$@\" 2>&1); r=$?; [ -z \"$o\" ] || printf '%s\\n' \"$o\"; return $r; }\n";

    /** A compound command that fails the step as {@code WHAT (exit $r): first line of $o}, after {@link #ACT}. */
    static String failed(String what) {
        return "{ printf 'failed %s (exit %d)%s\\n' " + Shell.quote(what)
                + " \"$r\" \"${o:+: $(printf '%s\\n' \"$o\" | head -n 1)}\" >&3; exit 1; }";
    }

    /**
     * Commands that run {@code fill} (a command writing {@code target}, ending with a line break)
     * so that {@code target} gets the octal mode held in a shell variable ({@code $s0}, as
     * {@code stat -c %a} prints it). The usual 644 comes straight from
     * the umask the file is created under (one process less on the node); any other mode is set
     * by chmod after writing under 077, so the file is never readable by others before it is.
     */
    static String writeWithMode(String modeVar, String fill, String target) {
        return "if [ \"" + modeVar + "\" = 644 ]; then u_=022; c_=; else u_=077; c_=1; fi\n"
                + "(umask $u_; " + fill + ") && { [ -z \"$c_\" ] || chmod \"" + modeVar + "\" -- " + target + "; }";
    }

    /**
     * A command that writes {@code content} exactly to {@code target} (a quoted shell word): text
     * ({@link Content#text}) as the quoted argument of the shell's own printf, which starts no
     * process on the node and sends no more bytes than the text; anything else as base64 in a
     * here-document, whose end marker cannot occur in base64. Ends with a line break.
     */
    static String data(Content content, String target) {
        String text = content.text();
        if (text != null) {
            return "printf '%s' " + Shell.quote(text) + " >" + target + "\n";
        }
        String b64 = content.base64();
        return "base64 -d >" + target + " <<'" + END + "'\n" + b64 + (b64.isEmpty() ? "" : "\n") + END + "\n";
    }
}
