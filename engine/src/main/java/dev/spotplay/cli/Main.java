package dev.spotplay.cli;

import dev.spotplay.diag.DiagnosticException;
import dev.spotplay.diag.UserError;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code spotplay}: the entry point. */
@Command(name = "spotplay",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Declarative provisioning of spot clusters: plan, apply, destroy.",
            "A playbook (YAML) declares node groups and setup steps; state lives in .spotplay/<name>.mv.db beside it."},
        subcommands = {PlanCommand.class, ApplyCommand.class, DestroyCommand.class, PauseCommands.Stop.class, PauseCommands.Start.class,
            StatusCommand.class,
            SshCommand.class, CpCommand.class, ExecCommand.class, InventoryCommand.class, ValidateCommand.class, StateCommand.class,
            ForgetHostKeyCommand.class, WarmUpCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 error, 2 plan --detailed-exitcode found changes.",
            "Docs: README.md and docs/ in the spotplay repository."})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of plan, apply, destroy, status, ssh, exec, inventory, validate, state.");
    }

    public static void main(String[] args) {
        Interrupts.install(System.err);
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        Interrupts.exiting();
        System.exit(code);
    }

    /** Runs spotplay and returns the exit code (tests call this directly). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = Arrays.asList(args).contains("--debug");
        libraryLogs(debug);
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("Error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return 1;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> handle(ex, err, debug));
        return cli.execute(args);
    }

    /**
     * The libraries' own logs (sshj, MINA, the AWS SDK, all through slf4j-simple) are off unless
     * --debug: what a user needs from them is already in spotplay's own one-line reasons (a
     * lost connection, a refused host key), and their ERROR lines and stack traces would only
     * bury those. The state's database logs nothing to the terminal. Set before any logger exists.
     */
    private static void libraryLogs(boolean debug) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", debug ? "info" : "off");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }

    static int handle(Exception ex, PrintWriter err, boolean debug) {
        Throwable t = ex;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause(); // a node's thread failed: its own error is what to show
        }
        if (Interrupts.happened() && !debug) {
            return 1; // the interrupt handler has said what happened; this failure is its consequence
        }
        if (t instanceof DiagnosticException d) {
            err.print(d.diagnostics().render());
            int n = d.diagnostics().errors().size();
            err.println(n == 1 ? "1 error: nothing was changed." : n + " errors: nothing was changed.");
        } else if (t instanceof UserError) {
            err.println("Error: " + t.getMessage());
        } else {
            err.println("Error: " + t.getClass().getSimpleName() + (t.getMessage() != null ? ": " + t.getMessage() : ""));
            if (!debug) {
                err.println("This is a bug in spotplay or an unexpected environment; run again with --debug for details.");
            }
        }
        if (debug) {
            t.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"spotplay " + (v == null ? "dev" : v)};
        }
    }
}
