package dev.trustedcompute.kbs.jwe;

/** The {@code tee-pubkey} a workload sent cannot be used to encrypt a response to it. */
public final class InvalidTeeKeyException extends RuntimeException {

    public InvalidTeeKeyException(String message) {
        super(message);
    }
}
