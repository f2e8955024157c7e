package dev.spotplay.transport;

import java.io.IOException;

/** The node answered SSH but refused the login (wrong user or key). Retrying a few times does not fix it. */
public class LoginRefusedException extends IOException {
    public LoginRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
