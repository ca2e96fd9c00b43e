package dev.trustedcompute.testsupport;

/** A fixture found nothing to run against. The message names what to install; tests never skip. */
public final class MissingToolException extends IllegalStateException {

    public MissingToolException(String message) {
        super(message);
    }

    public MissingToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
