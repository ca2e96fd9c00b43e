package dev.trustedcompute.tpmquote;

/**
 * Well-formed evidence that does not verify. {@link #reason()} says which check failed; the message
 * says precisely what (which signature, PCR, event or certificate, with expected and actual values).
 */
public final class VerificationException extends EvidenceException {

    private final Reason reason;

    public VerificationException(Reason reason, String detail) {
        this(reason, detail, null);
    }

    public VerificationException(Reason reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
