package dev.spotplay.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Another JVM running a test's {@code main} with this test run's classpath: a second spotplay
 * process, the way two commands (on one machine or two) meet. Its stderr goes to the test's.
 */
public final class OtherJvm {

    private OtherJvm() {}

    /** Starts {@code main} with {@code args}, with {@code env} added to this process's environment. */
    public static Process start(Class<?> main, Map<String, String> env, String... args) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", classpath, main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        b.environment().putAll(env);
        return b.start();
    }

    public static BufferedReader stdout(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Reads {@code out} up to a line equal to {@code expected}; fails if the process ends first. */
    public static void awaitLine(BufferedReader out, String expected) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.equals(expected)) {
                return;
            }
        }
        throw new AssertionError("the other process exited before saying " + expected);
    }
}
