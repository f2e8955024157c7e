package dev.spotplay.diag;

/**
 * A failure a person can act on (bad argument, lock held, cloud refused, SSH failed). The CLI
 * prints the message (one or a few lines) and exits 1; the stack trace is shown only with
 * {@code --debug}. Throw it with a message that says what happened and what to do.
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
