package dev.spotplay.transport;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Base64;

/**
 * A node's connection whose every verb runs as another user on the node, through
 * {@code sudo -n -H -u USER -- sh -c COMMAND}: non-interactive, so a sudo that would ask for a
 * password fails at once instead of waiting for one (spotplay sends no passwords). The user is a
 * checked POSIX user name and goes to the node quoted, never as shell text. Whatever runs under
 * it (a whole batch of steps, its clock and its kill included) runs as that user, so a step's
 * timeout can still end what the step started.
 *
 * <p>{@link #open} asks sudo once, with {@code true}, so that a refusal (a password wanted, no
 * sudo, no such user) is one clear {@link Refused} for the step rather than a step's exit code.
 */
public final class BecomeConnection implements Connection {
    /** fetch's exit code for "no such file", as the SSH connection's. */
    private static final int MISSING = 66;
    /** What fetch reads through sudo at most: its base64 must fit in what the transport keeps of a command's output (1 MiB). */
    static final int MAX_FETCH = 768 * 1024;

    /** sudo on the node would not run commands as the user: what happened, in one line, with what to do. */
    public static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    private final Connection inner;
    private final String user;

    private BecomeConnection(Connection inner, String user) {
        this.inner = inner;
        this.user = user;
    }

    /**
     * {@code inner}'s commands as {@code user}, once sudo on {@code node} said yes to {@code true}.
     *
     * @throws Refused if sudo asks for a password, is not there, or refuses the user
     * @throws IOException if the connection broke
     */
    public static BecomeConnection open(Connection inner, String user, String node, Duration timeout) throws IOException {
        if (LoginNames.userProblem(user) != null) {
            throw new IllegalArgumentException("become user: " + LoginNames.userProblem(user));
        }
        ExecResult r = inner.exec(prefix(user) + "true", timeout);
        if (!r.ok()) {
            throw new Refused(refusal(node, user, r));
        }
        return new BecomeConnection(inner, user);
    }

    /** The user the commands run as. */
    public String user() {
        return user;
    }

    static String prefix(String user) {
        return "sudo -n -H -u " + Shell.quote(user) + " -- ";
    }

    /** What sudo said, as one line a person can act on. */
    static String refusal(String node, String user, ExecResult r) {
        String said = r.stderr().strip().lines().findFirst().orElse("exit " + r.exitCode());
        String n = node;   // a node name spotplay or the inventory checked
        if (said.contains("password is required") || said.contains("a terminal is required")) {
            return "sudo on " + n + " needs a password; become needs passwordless sudo (a NOPASSWD sudoers rule for the login user)";
        }
        if (r.exitCode() == 127) {
            return "become: sudo is not installed on " + n + " (become runs the step through sudo -n)";
        }
        if (said.contains("unknown user")) {
            return "become: there is no user " + LoginNames.show(user) + " on " + n + " (become_user)";
        }
        return "become: sudo -u " + user + " on " + n + " refused: " + said;
    }

    @Override
    public ExecResult exec(String command, byte[] stdin, Duration timeout) throws IOException {
        return inner.exec(prefix(user) + "sh -c " + Shell.quote(command), stdin, timeout);
    }

    /** As the SSH connection's put (a temporary name in the same folder, then a rename), the file written by the user. */
    @Override
    public void put(byte[] content, String remotePath, int mode, Duration timeout) throws IOException {
        if (remotePath.endsWith("/")) {
            throw new IOException("cannot put to " + remotePath + ": it names a folder, not a file");
        }
        String script = Shell.putScript(remotePath, mode);
        ExecResult r = exec(script, content, timeout);
        if (!r.ok()) {
            throw new IOException("cannot write " + remotePath + " as " + user + ": " + firstLine(r));
        }
    }

    /** As the SSH connection's fetch, read by the user; the bytes travel as base64, so at most {@link #MAX_FETCH} of them. */
    @Override
    public byte[] fetch(String remotePath, Duration timeout) throws IOException {
        String p = Shell.quote(remotePath);
        String script = "if [ ! -e " + p + " ]; then echo 'no such file' >&2; exit " + MISSING + "; fi"
                + "; s=$(wc -c < " + p + ") || exit 1"
                + "; if [ \"$s\" -gt " + MAX_FETCH + " ]; then echo \"it holds $s bytes; through become spotplay reads at most "
                + MAX_FETCH + "\" >&2; exit 1; fi"
                + "; base64 < " + p;
        ExecResult r = exec(script, null, timeout);
        if (r.exitCode() == MISSING) {
            throw new NoSuchFileException(remotePath, null, "as " + user);
        }
        if (!r.ok()) {
            throw new FileSystemException(remotePath, null, firstLine(r));
        }
        return Base64.getMimeDecoder().decode(r.stdout());
    }

    private static String firstLine(ExecResult r) {
        return r.stderr().strip().lines().findFirst().orElse("exit " + r.exitCode());
    }

    /** The connection underneath is the node's, shared with its other steps: it is closed by its owner, not here. */
    @Override
    public void close() {}
}
