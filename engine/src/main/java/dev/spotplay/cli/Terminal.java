package dev.spotplay.cli;

import dev.spotplay.diag.UserError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Whether a person is there, colour, and the y/N question. */
final class Terminal {
    private Terminal() {}

    static boolean interactive() {
        return System.console() != null;
    }

    static boolean colour() {
        return interactive() && System.getenv("NO_COLOR") == null;
    }

    /** Fails before anything is opened when confirmation will be needed and cannot be asked for. */
    static void requireConfirmable(boolean yes, String command) {
        if (!yes && !interactive()) {
            throw new UserError(command + " changes the cluster and there is no terminal to ask for confirmation. "
                    + "Add --yes to " + command + " without asking.");
        }
    }

    /**
     * Asks on a terminal; without one, refuses unless {@code yes}. Returns true to go on.
     */
    static boolean confirm(boolean yes, String command, String question, PrintWriter out) {
        if (yes) {
            return true;
        }
        requireConfirmable(false, command);
        out.print(question + " Only 'yes' or 'y' proceeds. [y/N] ");
        out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
        } catch (IOException e) {
            return false;
        }
    }
}
