package dev.trustedcompute.tpmquote;

/**
 * Well-formed evidence that does not verify. {@link #reason()} says which check failed; the message
 * says precisely what (which signature, PCR, event or certificate, with expected and actual values).
 */
public final class VerificationException extends EvidenceException {

    private final Reason reason;
    private final String detail;

    public VerificationException(Reason reason, String detail) {
        this(reason, detail, null);
    }

    public VerificationException(Reason reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = reason;
        this.detail = detail;
    }

    public Reason reason() {
        return reason;
    }

    /** The message without the reason prefix, for callers that add their own context. */
    public String detail() {
        return detail;
    }
}
