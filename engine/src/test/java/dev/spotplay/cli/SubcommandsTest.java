package dev.spotplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A run builds only the subcommand it names; help, options and mistakes still see every command. */
class SubcommandsTest {

    private record Ran(int code, String out, String err) {}

    private static Ran run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Ran(code, out.toString(), err.toString());
    }

    @Test
    void aCommandsNameBuildsThatCommandAlone() {
        assertEquals(List.of(PlanCommand.class), Main.subcommandsFor(new String[] {"plan", "cluster.yml"}));
        assertEquals(List.of(PauseCommands.Stop.class), Main.subcommandsFor(new String[] {"stop", "cluster.yml", "--yes"}));
        assertEquals(List.of(WarmUpCommand.class), Main.subcommandsFor(new String[] {"warm-up"}));
        for (String[] args : new String[][] {{}, {"help", "plan"}, {"--help"}, {"-V"}, {"paln"}, {"cluster.yml", "plan"}}) {
            assertEquals(Main.COMMANDS, Main.subcommandsFor(args), String.join(" ", args));
        }
    }

    @Test
    void everyCommandIsNamedAndReachableByItsName() {
        for (Class<?> c : Main.COMMANDS) {
            String name = c.getAnnotation(CommandLine.Command.class).name();
            if (c == CommandLine.HelpCommand.class || c == WarmUpCommand.class) {
                continue; // help is reached through the list; warm-up (hidden) takes no options
            }
            Ran help = run(name, "--help");
            assertEquals(0, help.code(), name + ": " + help.err());
            assertTrue(help.out().startsWith("Usage: spotplay " + name), help.out());
        }
    }

    @Test
    void theListHelpAndTheDidYouMeanStillSeeEveryCommand() {
        Ran list = run("--help");
        for (String name : List.of("plan", "apply", "destroy", "stop", "start", "status", "ssh", "cp", "exec", "inventory", "validate",
                "state", "help")) {
            assertTrue(list.out().contains("\n  " + name + " "), name + " in\n" + list.out());
        }
        Ran help = run("help", "status");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().startsWith("Usage: spotplay status"), help.out());
        Ran typo = run("stauts");
        assertEquals(1, typo.code());
        assertTrue(typo.err().contains("Did you mean: ") && typo.err().contains("spotplay status"), typo.err());
    }

    @Test
    void settingsReachTheOneCommandBuilt() {
        // the parameter-exception handler is the root's, set after the subcommand was added
        Ran bad = run("plan", "--no-such-option");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("Run 'spotplay plan --help' for usage."), bad.err());
    }
}
