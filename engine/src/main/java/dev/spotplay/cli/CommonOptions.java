package dev.spotplay.cli;

import dev.spotplay.exec.Session;
import java.time.Duration;
import picocli.CommandLine.Option;

/** What every command takes: --state, --lock-timeout, --debug. */
class CommonOptions {
    @Option(names = "--state", paramLabel = "PATH|URL",
            description = "Where the cluster's state is: a file path, file:PATH / h2:PATH (default: .spotplay/<name>.mv.db beside the playbook),"
                    + " or postgresql://HOST:PORT/DB for a team (login from PGUSER, PGPASSWORD or ~/.pgpass, PGSSLMODE).")
    String state;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "0s", converter = DurationConverter.class,
            description = "Wait this long (e.g. 30s, 5m) for another command holding the cluster's lock (default: ${DEFAULT-VALUE}).")
    Duration lockTimeout;

    @Option(names = "--debug", description = "Show stack traces and library logs on errors.")
    boolean debug;

    Session.Options session(boolean recheck) {
        return new Session.Options(state, lockTimeout, recheck);
    }

    Session.Options session(boolean recheck, java.util.List<String> replace) {
        return session(recheck, replace, false);
    }

    Session.Options session(boolean recheck, java.util.List<String> replace, boolean adopt) {
        return new Session.Options(state, lockTimeout, recheck, java.util.Set.copyOf(replace), adopt);
    }
}
