package dev.trustedcompute.tpmquote;

/**
 * Root of the two failure classes of this library: the input could not be parsed
 * ({@link EvidenceFormatException}) or it parsed but does not verify ({@link VerificationException}).
 * Anything else thrown by the library (an unchecked exception) is a bug or a broken setup.
 */
public abstract sealed class EvidenceException extends Exception
        permits EvidenceFormatException, VerificationException {

    protected EvidenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
