package dev.trustedcompute.kbs.policy;

/** A policy that does not compile, or whose result has the wrong shape. */
public final class InvalidPolicyException extends RuntimeException {

    public InvalidPolicyException(String message) {
        super(message);
    }

    public InvalidPolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
