package dev.spotplay.playbook;

/** A {@code {{ }}} template that cannot be read or rendered; the message says why and what would be right. */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }
}
