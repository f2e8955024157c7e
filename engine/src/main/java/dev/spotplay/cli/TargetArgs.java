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
        List<String> command = command(cli);
        List<String> head = positionals.subList(0, positionals.size() - command.size());
        if (head.isEmpty() || head.size() > 2) {
            throw new CommandLine.ParameterException(cli, "Expected [PLAYBOOK] " + targetLabel
                    + (head.size() > 2 ? ", got " + head + " (put the command after --)" : ""));
        }
        Path playbook = Path.of(head.size() == 2 ? head.get(0) : "cluster.yml");
        return new TargetArgs(playbook, head.get(head.size() - 1), List.copyOf(command));
    }

    /**
     * As {@link #parse}, for a target that may be left out ({@code ssh [PLAYBOOK] [NODE]}): then
     * {@code target} is null. One word alone is the playbook if it names a YAML file (or an
     * existing file), else the target.
     */
    static TargetArgs parseOptionalTarget(CommandLine cli, List<String> positionals, String targetLabel) {
        List<String> command = command(cli);
        List<String> head = positionals.subList(0, positionals.size() - command.size());
        if (head.size() > 2) {
            throw new CommandLine.ParameterException(cli, "Expected [PLAYBOOK] " + targetLabel + ", got " + head
                    + " (put the command after --)");
        }
        if (head.size() == 2) {
            return new TargetArgs(Path.of(head.get(0)), head.get(1), List.copyOf(command));
        }
        if (head.size() == 1 && isPlaybook(head.get(0))) {
            return new TargetArgs(Path.of(head.get(0)), null, List.copyOf(command));
        }
        return new TargetArgs(Path.of("cluster.yml"), head.isEmpty() ? null : head.get(0), List.copyOf(command));
    }

    /** The words after {@code --}: picocli hands them over as positionals, so they are found in the original arguments. */
    private static List<String> command(CommandLine cli) {
        List<String> original = cli.getParseResult().originalArgs();
        int dashes = original.indexOf("--");
        return dashes < 0 ? List.of() : original.subList(dashes + 1, original.size());
    }

    /** A word that names a playbook rather than a node: a YAML file's name, or an existing file. */
    static boolean isPlaybook(String word) {
        String lower = word.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".yml") || lower.endsWith(".yaml") || java.nio.file.Files.isRegularFile(Path.of(word));
    }

    /** The command as one shell line: words are quoted unless only one word was given (then it is a script). */
    String commandLine() {
        if (command.size() == 1) {
            return command.get(0);
        }
        return String.join(" ", command.stream().map(dev.spotplay.transport.Shell::quote).toList());
    }
}
