package dev.spotplay.state.pg;

import dev.spotplay.diag.UserError;
import java.sql.SQLException;

/**
 * What a failure of the state database means to the person running spotplay, by its SQLSTATE:
 * a lost or refused connection, a refused login, a missing database or privilege each become
 * one line that says what to do. The driver's own words are kept only for what is none of these
 * (a bug); none of them ever holds the password, which reaches the driver in its properties only.
 */
final class PgErrors {

    private PgErrors() {}

    static RuntimeException translate(Exception e, String display, String user, String doing) {
        if (e instanceof UserError u) {
            return u;
        }
        SQLException sql = sqlCause(e);
        if (sql == null) {
            return e instanceof RuntimeException r ? r : new IllegalStateException(doing + " " + display, e);
        }
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        if (state.equals("08004") && String.valueOf(sql.getMessage()).contains("no password was provided")) {
            return new UserError("The state database " + display + " asks user \"" + user + "\" for a password, and none was found.\n"
                    + "Set PGPASSWORD, or add a line for it to ~/.pgpass (or the file PGPASSFILE names).", e);
        }
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
            if (doing.equals("opening")) {
                return new UserError("Cannot connect to the state database " + display + " (" + why(e) + ").\n"
                        + "Check that it runs and that --state names its host and port.", e);
            }
            return lost(display, doing, null, e);
        }
        if (state.equals("28P01") || state.equals("28000")) {
            return new UserError("The state database " + display + " refused the login of user \"" + user + "\" (" + reason(state)
                    + ").\nSet PGUSER and PGPASSWORD, or add a line for it to ~/.pgpass (or the file PGPASSFILE names).", e);
        }
        if (state.equals("3D000")) {
            return new UserError("The state database " + display + " does not exist; create it (createdb) or name another in --state.", e);
        }
        if (state.equals("42501")) {
            return new UserError("User \"" + user + "\" lacks a privilege spotplay needs on " + display
                    + " while " + doing + "; see the README's \"Team state\" for the grants.", e);
        }
        return new IllegalStateException(doing + " state " + display + ": SQLSTATE " + state + ": " + sql.getMessage(), e);
    }

    /** A connection that dropped: the command stops at its next write, with nothing more changed. */
    static UserError lost(String display, String doing, String which, Throwable cause) {
        return new UserError("Lost the connection to the state database " + display + " while " + doing + (which == null ? "" : " (" + which + ")")
                + "; spotplay stopped before changing anything more. Run the command again once the database answers: it picks up where this one stopped.", cause);
    }

    /** The network's reason, by the exception under the driver's; never its message (host names are in the display already). */
    private static String why(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (t instanceof java.net.UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof java.net.SocketTimeoutException) {
                return "no answer in time";
            }
        }
        return "the server closed the connection or is starting or stopping";
    }

    private static String reason(String state) {
        return state.equals("28P01") ? "wrong password" : "not allowed to log in";
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }
}
