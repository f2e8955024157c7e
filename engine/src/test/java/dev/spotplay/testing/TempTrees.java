package dev.spotplay.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing what a test fixture put in the machine's temp folder, so thousands of runs leave nothing behind. */
public final class TempTrees {
    private TempTrees() {}

    /** Deletes {@code root} and everything under it; best effort, since it runs at close or JVM exit. */
    public static void delete(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException ignored) {
            // A folder left behind is only litter in the temp folder, never a wrong result.
        }
    }

    /** Deletes {@code root} when the JVM exits. */
    public static void deleteAtExit(Path root) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
    }
}
