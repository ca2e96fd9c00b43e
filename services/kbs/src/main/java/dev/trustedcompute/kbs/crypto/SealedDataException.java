package dev.trustedcompute.kbs.crypto;

/** Data sealed under a master key could not be opened: the store or the key configuration is wrong. */
public final class SealedDataException extends RuntimeException {

    public SealedDataException(String message) {
        super(message);
    }
}
