package dev.trustedcompute.rvps.message;

/** A registration message RVPS refuses; {@link #reason()} says which rule it broke, the message says how. */
public final class InvalidMessageException extends Exception {

    /** Why a message was refused. */
    public enum Reason {
        /** Unknown {@code version} or {@code type}, or a missing member. */
        UNSUPPORTED_MESSAGE,
        /** The payload cannot be decoded: bad base64, not JSON, not a compact JWS, wrong manifest shape. */
        INVALID_PAYLOAD,
        /** A name or value breaks the naming rules, or an expiration is not in the future. */
        INVALID_REFERENCE_VALUE,
        /** The JWS names no signer, an unconfigured one, or one whose certificate is not valid now. */
        UNTRUSTED_SIGNER,
        /** The signature does not verify with the named signer's key (or the algorithm does not fit the key). */
        INVALID_SIGNATURE,
        /** The signed manifest's own expiration has passed. */
        MANIFEST_EXPIRED
    }

    private final Reason reason;

    public InvalidMessageException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public InvalidMessageException(Reason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
