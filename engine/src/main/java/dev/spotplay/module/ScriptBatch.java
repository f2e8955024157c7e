package dev.spotplay.module;

import dev.spotplay.transport.Connection;
import dev.spotplay.transport.ExecResult;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Runs several steps' {@link StepScript}s on a node in one exec, in order, stopping at the first
 * that fails, and reads back each one's verdict and output tail. The batch script travels on
 * stdin (so large here-documents never meet the command-line limit), keeps each step's output in
 * a private folder under {@code $TMPDIR}, and writes every finished step's record to a log there;
 * if the batch outlives its timeout, the log is read by a second exec, so the steps that finished
 * are still known. Records are delimited by a marker made fresh for each batch, which no
 * command's output can forge.
 */
public final class ScriptBatch {
    static final int TAIL_LINES = 20;
    static final int MAX_TAIL_CHARS = 8192;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What the batch did: a result for each step that ran, in order (the last one failed if any
     * did); {@code stopped} says why later steps have no result when the batch itself broke
     * (timeout, lost connection), else null.
     */
    public record Outcome(List<StepResult> results, String stopped) {}

    private ScriptBatch() {}

    /**
     * @param timeout the whole batch's limit (the sum of its steps' timeouts)
     * @throws IOException if the connection broke before any record could be read
     */
    public static Outcome run(Connection connection, List<StepScript> scripts, Duration timeout) throws IOException {
        String nonce = HexFormat.of().formatHex(randomBytes());
        String dir = "${TMPDIR:-/tmp}/spotplay-batch." + nonce;
        byte[] script = assemble(scripts, nonce, dir).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            ExecResult r = connection.exec("sh", script, timeout);
            List<StepResult> results = parse(r.stdout(), nonce);
            if (results.size() < scripts.size() && (results.isEmpty() || !results.get(results.size() - 1).isFailed())) {
                String why = r.stderr().isBlank() ? "exit " + r.exitCode() : r.stderr().strip().lines().findFirst().orElse("");
                return new Outcome(results, "the batch of steps ended early: " + why);
            }
            return new Outcome(results, null);
        } catch (IOException e) {
            if (!isTimeout(e)) {
                throw e;
            }
            // The batch was killed; what it finished is in its log.
            ExecResult log = connection.exec("d=" + dir + "; cat \"$d/log\" 2>/dev/null; rm -rf \"$d\"", Duration.ofSeconds(30));
            return new Outcome(parse(log.stdout(), nonce), "timed out after " + human(timeout)
                    + " (steps sent together share the sum of their timeouts); it was killed");
        }
    }

    /**
     * The batch: each fragment in a subshell, its verdict (fd 3) appended straight to the log,
     * then a record "M step I RC", the output's last lines if it printed any, "M end". Only
     * builtins run between fragments, so a batch costs the node little beyond the steps' own work.
     */
    static String assemble(List<StepScript> scripts, String nonce, String dir) {
        String m = "@@spotplay-" + nonce;
        StringBuilder sb = new StringBuilder();
        sb.append("R=").append(dir).append('\n');
        sb.append("mkdir -m 700 \"$R\" || exit 97\n");
        sb.append("trap 'rm -rf \"$R\"' EXIT\n");
        for (int i = 0; i < scripts.size(); i++) {
            sb.append("(\n").append(scripts.get(i).body());
            if (!scripts.get(i).body().endsWith("\n")) {
                sb.append('\n');
            }
            sb.append(") </dev/null >\"$R/o\" 2>&1 3>>\"$R/log\"\n");
            sb.append("rc=$?\n");
            sb.append("{ echo \"").append(m).append(" step ").append(i).append(" $rc\"; [ ! -s \"$R/o\" ] || { tail -n ")
                    .append(TAIL_LINES).append(" \"$R/o\"; echo; }; echo \"").append(m).append(" end\"; } >>\"$R/log\"\n");
            sb.append("[ $rc -eq 0 ] || { cat \"$R/log\"; exit 0; }\n");
        }
        sb.append("cat \"$R/log\"\n");
        return sb.toString();
    }

    /** Reads the records back: the verdict line(s) the fragment wrote, "M step I RC", the output tail, "M end". */
    static List<StepResult> parse(String out, String nonce) {
        String m = "@@spotplay-" + nonce;
        List<StepResult> results = new ArrayList<>();
        List<String> verdict = new ArrayList<>();
        List<String> lines = out.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith(m + " step ")) {
                verdict.add(line);
                continue;
            }
            int rc = Integer.parseInt(line.split(" ")[3]);
            List<String> tail = new ArrayList<>();
            int j = i + 1;
            for (; j < lines.size() && !lines.get(j).equals(m + " end"); j++) {
                tail.add(lines.get(j));
            }
            if (j >= lines.size()) {
                break; // a record cut short: the step did not finish
            }
            String tailText = String.join("\n", tail).strip();
            if (tailText.length() > MAX_TAIL_CHARS) {
                tailText = tailText.substring(tailText.length() - MAX_TAIL_CHARS);
            }
            results.add(result(rc, verdict.isEmpty() ? "" : verdict.get(0), tailText));
            verdict.clear();
            i = j;
        }
        return results;
    }

    private static StepResult result(int rc, String verdict, String tail) {
        int space = verdict.indexOf(' ');
        String word = space < 0 ? verdict : verdict.substring(0, space);
        String message = space < 0 ? "" : verdict.substring(space + 1);
        if (rc != 0 || word.equals("failed")) {
            return StepResult.failed(word.equals("failed") && !message.isEmpty() ? message : "exit " + rc, tail);
        }
        if (word.equals("unchanged")) {
            return StepResult.unchanged(message);
        }
        return StepResult.changed(word.equals("changed") ? message : "exit 0", tail);
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }
}
