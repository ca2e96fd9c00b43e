package dev.trustedcompute.aas.keys;

/** A signing key could not be made, certified, stored or loaded; the message says which and why. */
public final class SigningKeyException extends RuntimeException {

    public SigningKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
