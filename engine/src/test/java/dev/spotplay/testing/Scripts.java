package dev.spotplay.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the repository's {@code scripts/} from tests, wherever Maven's working folder is. */
public final class Scripts {

    private Scripts() {}

    /** The repository root: the nearest folder above the working folder that holds {@code scripts/}. */
    public static Path repositoryRoot() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("scripts")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no scripts/ folder above " + System.getProperty("user.dir"));
    }

    /** Runs a script and returns its stdout; a non-zero exit is an IOException carrying its output. */
    public static String run(String script, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(repositoryRoot().resolve("scripts").resolve(script).toString());
        command.addAll(List.of(args));
        return Commands.run(command);
    }
}
