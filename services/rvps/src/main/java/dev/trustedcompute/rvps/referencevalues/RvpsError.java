package dev.trustedcompute.rvps.referencevalues;

import dev.trustedcompute.rvps.message.InvalidMessageException;
import dev.trustedcompute.servicekit.error.ErrorCode;
import dev.trustedcompute.servicekit.error.ServiceException;
import org.springframework.http.HttpStatus;

/** RVPS's error catalogue; rendered by service-kit as problem+json with type {@code .../problems/<code>}. */
public enum RvpsError implements ErrorCode {
    UNSUPPORTED_MESSAGE(HttpStatus.BAD_REQUEST, "unsupported-message", "Unsupported message version or type"),
    INVALID_PAYLOAD(HttpStatus.BAD_REQUEST, "invalid-payload", "Message payload cannot be decoded"),
    INVALID_REFERENCE_VALUE(HttpStatus.BAD_REQUEST, "invalid-reference-value", "Invalid reference value"),
    UNTRUSTED_SIGNER(HttpStatus.BAD_REQUEST, "untrusted-signer", "Bundle signer not trusted"),
    INVALID_SIGNATURE(HttpStatus.BAD_REQUEST, "invalid-signature", "Bundle signature invalid"),
    MANIFEST_EXPIRED(HttpStatus.BAD_REQUEST, "manifest-expired", "Signed manifest expired"),
    INVALID_INPUT(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input"),
    REFERENCE_VALUE_NOT_FOUND(HttpStatus.NOT_FOUND, "reference-value-not-found", "Reference value not found");

    private final HttpStatus status;
    private final String code;
    private final String title;

    RvpsError(HttpStatus status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    @Override
    public HttpStatus status() {
        return status;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String title() {
        return title;
    }

    public ServiceException exception(String detail) {
        return new ServiceException(this, detail);
    }

    /** The problem a refused message is answered with. */
    public static ServiceException of(InvalidMessageException e) {
        RvpsError error = switch (e.reason()) {
            case UNSUPPORTED_MESSAGE -> UNSUPPORTED_MESSAGE;
            case INVALID_PAYLOAD -> INVALID_PAYLOAD;
            case INVALID_REFERENCE_VALUE -> INVALID_REFERENCE_VALUE;
            case UNTRUSTED_SIGNER -> UNTRUSTED_SIGNER;
            case INVALID_SIGNATURE -> INVALID_SIGNATURE;
            case MANIFEST_EXPIRED -> MANIFEST_EXPIRED;
        };
        return new ServiceException(error, e.getMessage());
    }
}
