package dev.spotplay.cli;

import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The common options and the playbook as the only positional argument. */
final class PlaybookOptions extends CommonOptions {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PLAYBOOK", defaultValue = "cluster.yml",
            description = "The playbook (default: ${DEFAULT-VALUE} in the current folder).")
    Path playbook;
}
