package dev.spotplay.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * Splits {@code [PLAYBOOK] TARGET [-- COMMAND...]} (ssh, exec): picocli hands every word after
 * {@code --} over as a positional too, so the split is made against the original arguments.
 */
record TargetArgs(Path playbook, String target, List<String> command) {

    static TargetArgs parse(CommandLine cli, List<String> positionals, String targetLabel) {
        List<String> original = cli.getParseResult().originalArgs();
        int dashes = original.indexOf("--");
        List<String> command = dashes < 0 ? List.of() : original.subList(dashes + 1, original.size());
        List<String> head = positionals.subList(0, positionals.size() - command.size());
        if (head.isEmpty() || head.size() > 2) {
            throw new CommandLine.ParameterException(cli, "Expected [PLAYBOOK] " + targetLabel
                    + (head.size() > 2 ? ", got " + head + " (put the command after --)" : ""));
        }
        Path playbook = Path.of(head.size() == 2 ? head.get(0) : "cluster.yml");
        return new TargetArgs(playbook, head.get(head.size() - 1), List.copyOf(command));
    }

    /** The command as one shell line: words are quoted unless only one word was given (then it is a script). */
    String commandLine() {
        if (command.size() == 1) {
            return command.get(0);
        }
        return String.join(" ", command.stream().map(dev.spotplay.transport.Shell::quote).toList());
    }
}
