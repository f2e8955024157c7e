package dev.spotplay.transport;

/** The outcome of one remote command. Output is decoded as UTF-8 and capped (see the implementation). */
public record ExecResult(int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** The last {@code lines} lines of stdout and stderr together, for reports and state. */
    public String tail(int lines) {
        String both = (stdout + (stderr.isEmpty() ? "" : (stdout.isEmpty() || stdout.endsWith("\n") ? "" : "\n") + stderr)).strip();
        String[] all = both.split("\n", -1);
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
    }
}
