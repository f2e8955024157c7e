package dev.spotplay.state.h2;

import java.sql.SQLException;

/** The state file could not be read or written: a bug or a broken file, not a user's mistake. */
public final class StateAccessException extends RuntimeException {
    StateAccessException(String doing, SQLException cause) {
        super(doing + ": " + cause.getMessage(), cause);
    }
}
