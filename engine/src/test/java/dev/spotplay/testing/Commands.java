package dev.spotplay.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs local programs (ssh-keygen, the fixture script) from tests. */
public final class Commands {

    private Commands() {}

    /** Runs {@code command}, waits up to 5 minutes, returns stdout; a non-zero exit is an IOException with the output. */
    public static String run(List<String> command) throws IOException {
        Tier.requireIntegration("a local process (" + command.get(0) + ")");
        Path err = Files.createTempFile("spotplay-cmd-", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(command + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IOException(command + " exited " + p.exitValue() + ": " + Files.readString(err));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** Sends {@code SIG<name>} to {@code pid}, best effort (the process may be gone). */
    public static void signal(long pid, String name) {
        try {
            run(List.of("kill", "-" + name, "--", Long.toString(pid)));
        } catch (IOException gone) {
            // Nothing to signal.
        }
    }
}
