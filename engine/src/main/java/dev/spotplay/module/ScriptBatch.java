package dev.spotplay.module;

import dev.spotplay.diag.Durations;
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
 * <p>Each step keeps its own timeout: one clock beside the whole batch kills the running step's
 * processes when its time runs out (the step is then {@link StepResult#timedOut}), and the batch
 * stops there. What a step costs the node is one fork and one {@code tail} (a module's own
 * fragment with {@linkplain StepScript#boundedOutput bounded output}: the fork alone): no shell, file or
 * clock of its own (each of those is a process per step, and a node runs hundreds of steps in a
 * cluster's apply). The batch as a whole has a deadline of the sum of its steps' timeouts plus
 * {@link #MARGIN}, a safety net for a node that cannot even run the clock. Everything kept is bounded by bytes: each step's
 * output passes through {@code tail -c} on the node, so a step that prints gigabytes costs the node
 * {@link StepResult#MAX_TAIL_CHARS} bytes of memory and nothing on disk (a bounded fragment's few
 * lines go to a file, read back through {@code tail -c} too), and a batch holds at most
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
            // The batch was killed whole; what it finished is in its log. Where the server's kill
            // did not reach the batch's sh (it still runs), end it and its step here.
            ExecResult log = connection.exec("R=" + dir + "; cat \"$R/log\" 2>/dev/null; " + KILL
                    + "c_=; read -r c_ <\"$R/c\" 2>/dev/null; set -- $c_; [ $# -ne 5 ] || k_ \"$5\" 1; rm -rf \"$R\"",
                    Duration.ofSeconds(30));
            return new Outcome(parse(log.stdout(), nonce, steps), "the batch of steps was still running at its deadline ("
                    + Durations.format(deadline) + ": its steps' timeouts and " + Durations.format(MARGIN) + "); it was killed");
        }
    }

    /**
     * {@code k_ MAIN SELF SPARE}: kills, in the process group of MAIN (the batch's {@code sh}),
     * the processes below MAIN ({@code ps -A -o pid= -o ppid= -o pgid=}, POSIX) except the
     * SPARE ones and what is below them, and, where {@code /proc} shows open files (Linux), every
     * process that still holds the step's output ({@code $R/q}) open, so also a background
     * process whose parent already ended; MAIN too if SELF is 1. A process that moved to a
     * process group or session of its own is left alone, as a group kill would leave it; nothing
     * is killed by group id, so a node whose batch shares its group with others (the local
     * provider's node) loses nothing else. Paid for only when a step runs out of time.
     */
    private static final String KILL = "k_() { h_=; for f_ in /proc/[0-9]*/fd/*; do [ \"$f_\" -ef \"$R/q\" ] 2>/dev/null"
            + " && { f_=${f_#/proc/}; h_=\"$h_ ${f_%%/*}\"; }; done\n"
            + "kill -KILL $(ps -A -o pid= -o ppid= -o pgid= 2>/dev/null | awk -v m=\"$1\" -v self=\"$2\" -v s=\" $3 \" -v h=\"$h_\""
            + " '{ c[$2] = c[$2] \" \" $1; g[$1] = $3 } END { G = g[m]; if (G == \"\") exit; if (self == 1) print m; d[m] = 1;"
            + " q = c[m]; while (q != \"\") { n = split(q, a, \" \"); q = \"\"; for (i = 1; i <= n; i++)"
            + " if (!(a[i] in d) && index(s, \" \" a[i] \" \") == 0) { d[a[i]] = 1; if (g[a[i]] == G) print a[i]; q = q \" \" c[a[i]] } }"
            + " n = split(h, a, \" \"); for (i = 1; i <= n; i++) if (!(a[i] in d) && index(s, \" \" a[i] \" \") == 0 && g[a[i]] == G) print a[i] }')"
            + " 2>/dev/null; }\n";

    /**
     * The clock: one loop beside the whole batch, one {@code sleep 1} per second of it. Each
     * second it reads the running step's line from {@code $R/c} ("INDEX SECONDS TAIL CLOCK
     * MAIN", written by the batch with builtins), and once the same line has been there for
     * SECONDS ticks after the one that first saw it (so at least that many seconds, at most about
     * one more), writes INDEX to {@code $R/t} and kills the step with {@code k_}, sparing the
     * step's {@code tail} and itself; again each second until the line changes. It ends when the
     * batch's folder or its {@code sh} is gone.
     */
    private static final String CLOCK = "( l_=; n_=0; while sleep 1; do [ -d \"$R\" ] && kill -0 $$ 2>/dev/null || exit 0\n"
            + "read -r c_ <\"$R/c\" || c_=\n"
            + "if [ -z \"$c_\" ] || [ \"$c_\" != \"$l_\" ]; then l_=$c_; n_=0; continue; fi\n"
            + "n_=$((n_ + 1)); set -- $c_\n"
            + "[ $# -ne 5 ] || [ \"$n_\" -lt \"$2\" ] || { echo \"$1\" >\"$R/t\"; k_ \"$5\" 0 \"$3 $4\"; }\n"
            + "done ) </dev/null >/dev/null 2>&1 &\n";

    /** The names the batch itself uses, unset in each step's subshell, so that a fragment sees what it would see alone. */
    private static final String OWN = "unset R W_ T_ C_ X_; unset -f k_\n";

    /**
     * The batch. Each fragment runs inline as a subshell {@code ( … )} in the foreground (so that
     * it has the signals and exit status it would have alone), with stdin from {@code /dev/null},
     * fd 3 (its verdict) appended straight to the log, and stdout and stderr into the batch's
     * FIFO {@code $R/q}, which a {@code tail -c} started just before reads into {@code $R/o}: a
     * step costs one fork and one {@code tail}, and its output costs the node at most
     * {@link StepResult#MAX_TAIL_CHARS} bytes. The step has ended when its output has closed too
     * ({@code wait} for the tail). Then the record: "M step I RC" (RC is {@code timeout} when the
     * clock ended the step), the output kept, "M end". A step whose fragment's output is
     * {@linkplain StepScript#boundedOutput bounded} writes {@code $R/o} itself, with no tail and
     * no wait: its fragment starts nothing that could keep its output open.
     */
    static String assemble(List<Entry> steps, String nonce, String dir) {
        String m = "@@spotplay-" + nonce;
        StringBuilder sb = new StringBuilder();
        sb.append("R=").append(dir).append('\n');
        sb.append("mkdir -m 700 \"$R\" || exit 97\n");
        sb.append("W_=; trap '[ -z \"$W_\" ] || kill $W_ 2>/dev/null; rm -rf \"$R\"' EXIT\n");
        sb.append("mkfifo \"$R/q\" || exit 97\n");
        sb.append(": >\"$R/c\"; : >\"$R/t\"\n");
        sb.append(KILL);
        sb.append(CLOCK);
        sb.append("W_=$!\n");
        for (int i = 0; i < steps.size(); i++) {
            String body = steps.get(i).script().body();
            boolean bounded = steps.get(i).script().boundedOutput();
            // A bounded step writes the file itself (T_=0 spares no process); any other, through the FIFO's tail.
            sb.append(bounded ? "T_=0\n" : "tail -c " + StepResult.MAX_TAIL_CHARS + " <\"$R/q\" >\"$R/o\" & T_=$!\n");
            sb.append("echo \"").append(i).append(' ').append(seconds(steps.get(i).timeout())).append(" $T_ $W_ $$\" >\"$R/c\"\n");
            sb.append("(\n").append(OWN).append(body);
            if (!body.endsWith("\n")) {
                sb.append('\n');
            }
            sb.append(") </dev/null >\"$R/").append(bounded ? 'o' : 'q').append("\" 2>&1 3>>\"$R/log\"\n");
            sb.append(bounded ? "C_=$?; : >\"$R/c\"\n" : "C_=$?; wait $T_; : >\"$R/c\"\n");
            sb.append("read -r X_ <\"$R/t\"; [ \"$X_\" != ").append(i).append(" ] || C_=timeout\n");
            // What was kept (a bounded step's few lines, or the tail's bytes), bounded again here at no cost when empty.
            sb.append("{ echo \"").append(m).append(" step ").append(i).append(" $C_\"; [ ! -s \"$R/o\" ] || { tail -c ")
                    .append(StepResult.MAX_TAIL_CHARS).append(" \"$R/o\"; echo; }; echo \"")
                    .append(m).append(" end\"; } >>\"$R/log\"\n");
            sb.append("[ \"$C_\" = 0 ] || { cat \"$R/log\"; exit 0; }\n");
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
