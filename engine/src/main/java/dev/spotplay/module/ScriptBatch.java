package dev.spotplay.module;

import dev.spotplay.playbook.Durations;
import dev.spotplay.transport.Connection;
import dev.spotplay.transport.ExecResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Runs several steps' {@link StepScript}s on a node in one exec, in order, stopping at the first
 * that fails, and reads back each one's verdict and output tail. The batch script travels on
 * stdin (so large here-documents never meet the command-line limit), keeps each step's output in
 * a private folder under {@code $TMPDIR}, and writes every finished step's record to a log there;
 * if the batch outlives its deadline, the log is read by a second exec, so the steps that finished
 * are still known. Records are delimited by a marker made fresh for each batch, which no
 * command's output can forge.
 *
 * <p>Each step keeps its own timeout: a clock on the node kills the step's whole process group
 * when it runs out (the step is then {@link StepResult#timedOut}), and the batch stops there. The
 * batch as a whole has a deadline of the sum of its steps' timeouts plus {@link #MARGIN}, a safety
 * net for a node that cannot even run the clock. Everything kept is bounded by bytes: each step's
 * output passes through {@code tail -c} on the node, so a step that prints gigabytes costs the node
 * {@link StepResult#MAX_TAIL_CHARS} bytes of memory and nothing on disk, and a batch holds at most
 * {@link #MAX_STEPS} steps, so that its records fit in what the transport keeps of its output.
 */
public final class ScriptBatch {
    /** Past this, a longer batch is sent as several: MAX_STEPS records of at most ~9 KiB stay well inside the transport's 1 MiB. */
    static final int MAX_STEPS = 64;
    /** What the batch may take beyond the sum of its steps' timeouts before it is killed whole. */
    static final Duration MARGIN = Duration.ofSeconds(10);
    static final int TAIL_LINES = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A step's fragment and its own limit. */
    public record Entry(StepScript script, Duration timeout) {}

    /**
     * What the batch did: a result for each step that ran, in order (the last one failed if any
     * did); {@code stopped} says why later steps have no result when the batch itself broke
     * (deadline, lost connection), else null.
     */
    public record Outcome(List<StepResult> results, String stopped) {}

    private ScriptBatch() {}

    /**
     * Runs {@code steps}, {@link #MAX_STEPS} to an exec, stopping at the first failure.
     *
     * @throws IOException if the connection broke before any step's record could be read
     */
    public static Outcome run(Connection connection, List<Entry> steps) throws IOException {
        List<StepResult> results = new ArrayList<>();
        for (int from = 0; from < steps.size(); from += MAX_STEPS) {
            Outcome part;
            try {
                part = runOne(connection, steps.subList(from, Math.min(steps.size(), from + MAX_STEPS)));
            } catch (IOException e) {
                if (results.isEmpty()) {
                    throw e;
                }
                return new Outcome(results, "connection failed: " + e.getMessage());   // the earlier execs' steps did run
            }
            results.addAll(part.results());
            if (part.stopped() != null || (!results.isEmpty() && results.get(results.size() - 1).isFailed())) {
                return new Outcome(results, part.stopped());
            }
        }
        return new Outcome(results, null);
    }

    private static Outcome runOne(Connection connection, List<Entry> steps) throws IOException {
        String nonce = HexFormat.of().formatHex(randomBytes());
        String dir = "${TMPDIR:-/tmp}/spotplay-batch." + nonce;
        byte[] script = assemble(steps, nonce, dir).getBytes(StandardCharsets.UTF_8);
        Duration deadline = steps.stream().map(e -> Duration.ofSeconds(seconds(e.timeout()))).reduce(MARGIN, Duration::plus);
        try {
            ExecResult r = connection.exec("sh", script, deadline);
            List<StepResult> results = parse(r.stdout(), nonce, steps);
            if (results.size() < steps.size() && (results.isEmpty() || !results.get(results.size() - 1).isFailed())) {
                String why = r.stderr().isBlank() ? "exit " + r.exitCode() : r.stderr().strip().lines().findFirst().orElse("");
                return new Outcome(results, "the batch of steps ended early: " + why);
            }
            return new Outcome(results, null);
        } catch (IOException e) {
            if (!Connection.isTimeout(e)) {
                throw e;
            }
            // The batch was killed whole; what it finished is in its log. The step that was
            // running has a process group of its own, which the kill did not reach: end it too.
            ExecResult log = connection.exec("d=" + dir + "; cat \"$d/log\" 2>/dev/null; " + KILL
                    + "p_=; read p_ <\"$d/p\" 2>/dev/null; [ -z \"$p_\" ] || k_ \"$p_\"; rm -rf \"$d\"", Duration.ofSeconds(30));
            return new Outcome(parse(log.stdout(), nonce, steps), "the batch of steps was still running at its deadline ("
                    + Durations.format(deadline) + ": its steps' timeouts and " + Durations.format(MARGIN) + "); it was killed");
        }
    }

    /**
     * {@code k_ PID}: kills the process group PID leads, or, where it leads none (a node without
     * setsid), PID and the processes below it ({@code ps -o pid= -o ppid=} is POSIX).
     */
    private static final String KILL = "k_() { kill -KILL -\"$1\" 2>/dev/null || kill -KILL \"$1\" $(ps -A -o pid= -o ppid= 2>/dev/null"
            + " | awk -v r=\"$1\" '{ c[$2] = c[$2] \" \" $1 } END { q = r; while (q != \"\") { n = split(q, a, \" \"); q = \"\";"
            + " for (i = 1; i <= n; i++) { if (a[i] != r) print a[i]; q = q \" \" c[a[i]] } } }') 2>/dev/null; }\n";

    /**
     * The batch. Each fragment is written to {@code $R/f} and run by {@code s_ SECONDS INDEX}: as
     * {@code sh} in a session (so a process group) of its own, fd 3 (its verdict) appended straight
     * to the log, stdout and stderr through {@code tail -c} into {@code $R/o}, its exit status kept
     * in {@code $R/rc} (no pipefail in POSIX sh); a {@code sleep} beside it is the clock, stopped
     * when the step's output closes, or, when it runs out first, followed by {@code k_} on the
     * step's group. Then the record: "M step I RC" (RC is {@code timeout} for a step the clock
     * ended), the output kept, "M end".
     */
    static String assemble(List<Entry> steps, String nonce, String dir) {
        String m = "@@spotplay-" + nonce;
        StringBuilder sb = new StringBuilder();
        sb.append("R=").append(dir).append('\n');
        sb.append("mkdir -m 700 \"$R\" || exit 97\n");
        sb.append("trap 'rm -rf \"$R\"' EXIT\n");
        sb.append("S=; if command -v setsid >/dev/null 2>&1; then S=setsid; fi\n");
        sb.append(KILL);
        sb.append("s_() {\n");
        sb.append(": >\"$R/p\"; : >\"$R/rc\"; t_=\n");
        sb.append("sleep \"$1\" </dev/null >/dev/null 2>&1 & w_=$!\n");
        sb.append("{ { $S sh \"$R/f\" </dev/null 2>&1 3>>\"$R/log\" & echo $! >\"$R/p\"; wait $!; echo $? >\"$R/rc\"; }")
                .append(" | tail -c ").append(StepResult.MAX_TAIL_CHARS).append(" >\"$R/o\"; kill $w_; } </dev/null >/dev/null 2>&1 &\n");
        sb.append("j_=$!\n");
        sb.append("if wait $w_ 2>/dev/null; then t_=timeout; read p_ <\"$R/p\"; k_ \"$p_\"; fi\n");
        sb.append("wait $j_\n");
        sb.append("r_=$t_; [ -n \"$r_\" ] || read r_ <\"$R/rc\" || r_=125\n");
        sb.append("{ echo \"").append(m).append(" step $2 $r_\"; [ ! -s \"$R/o\" ] || { cat \"$R/o\"; echo; }; echo \"")
                .append(m).append(" end\"; } >>\"$R/log\"\n");
        sb.append(": >\"$R/p\"\n");
        sb.append("[ \"$r_\" = 0 ]\n");
        sb.append("}\n");
        for (int i = 0; i < steps.size(); i++) {
            String body = steps.get(i).script().body();
            sb.append("cat >\"$R/f\" <<'").append(m).append("-f'\n").append(body);
            if (!body.endsWith("\n")) {
                sb.append('\n');
            }
            sb.append(m).append("-f\n");
            sb.append("s_ ").append(seconds(steps.get(i).timeout())).append(' ').append(i).append(" || { cat \"$R/log\"; exit 0; }\n");
        }
        sb.append("cat \"$R/log\"\n");
        return sb.toString();
    }

    /** Reads the records back: the verdict line(s) the fragment wrote, "M step I RC", the output tail, "M end". */
    static List<StepResult> parse(String out, String nonce, List<Entry> steps) {
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
            String[] head = line.split(" ");
            List<String> tail = new ArrayList<>();
            int j = i + 1;
            for (; j < lines.size() && !lines.get(j).equals(m + " end"); j++) {
                tail.add(lines.get(j));
            }
            if (j >= lines.size() || head.length != 4) {
                break; // a record cut short: the step did not finish
            }
            // Stripped before counting, as ExecResult.tail does: the line break that ends the output is no line.
            List<String> kept = String.join("\n", tail).strip().lines().toList();
            String tailText = String.join("\n", kept.subList(Math.max(0, kept.size() - TAIL_LINES), kept.size()));
            results.add(head[3].equals("timeout")
                    ? StepResult.timedOut(steps.get(Integer.parseInt(head[2])).timeout(), tailText)
                    : result(Integer.parseInt(head[3]), verdict.isEmpty() ? "" : verdict.get(0), tailText));
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

    /** The clock counts whole seconds (POSIX sleep), rounded up, at least one. */
    static long seconds(Duration timeout) {
        long s = timeout.toSeconds() + (timeout.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, s);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }
}
