package dev.spotplay.state.h2;

import java.sql.SQLException;

/**
 * The state file could not be read or written for a reason that is not the environment's: a bug.
 * A damaged file or a full disk is a {@link dev.spotplay.diag.UserError} instead ({@link StateErrors}).
 */
public final class StateAccessException extends RuntimeException {
    StateAccessException(String doing, SQLException cause) {
        super(doing + ": " + cause.getMessage(), cause);
    }
}
