package dev.trustedcompute.hvs;

import dev.trustedcompute.servicekit.error.ErrorCode;
import dev.trustedcompute.servicekit.error.ServiceException;
import org.springframework.http.HttpStatus;

/** HVS's error catalogue; service-kit renders each as problem+json with type {@code .../problems/<code>}. */
public enum HvsError implements ErrorCode {
    INVALID_INPUT(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input"),
    INVALID_TPM_KEY(HttpStatus.BAD_REQUEST, "invalid-tpm-key", "Unacceptable TPM key"),
    EK_CERTIFICATE_REJECTED(HttpStatus.BAD_REQUEST, "ek-certificate-rejected", "EK certificate rejected"),
    HOST_NOT_FOUND(HttpStatus.NOT_FOUND, "host-not-found", "Host not found"),
    REPORT_NOT_FOUND(HttpStatus.NOT_FOUND, "report-not-found", "Report not found"),
    CHALLENGE_NOT_FOUND(HttpStatus.NOT_FOUND, "challenge-not-found", "Challenge not found"),
    ENDORSEMENT_CA_NOT_FOUND(HttpStatus.NOT_FOUND, "endorsement-ca-not-found", "Endorsement CA not found"),
    HOST_EXISTS(HttpStatus.CONFLICT, "host-exists", "Host already exists"),
    HARDWARE_UUID_MISMATCH(HttpStatus.CONFLICT, "hardware-uuid-mismatch", "Hardware UUID does not match the host"),
    EK_CHANGED(HttpStatus.CONFLICT, "ek-changed", "Host is pinned to another TPM"),
    ENDORSEMENT_CA_EXISTS(HttpStatus.CONFLICT, "endorsement-ca-exists", "Endorsement CA already exists"),
    HOST_NOT_ONBOARDED(HttpStatus.CONFLICT, "host-not-onboarded", "Host has no pinned attestation key"),
    CHALLENGE_EXPIRED(HttpStatus.GONE, "challenge-expired", "Challenge expired or already answered"),
    CHALLENGE_FAILED(HttpStatus.FORBIDDEN, "challenge-failed", "Credential activation failed"),
    QUOTE_REJECTED(HttpStatus.UNPROCESSABLE_CONTENT, "quote-rejected", "Evidence did not verify"),
    AGENT_UNREACHABLE(HttpStatus.GATEWAY_TIMEOUT, "agent-unreachable", "Trust agent did not answer"),
    AGENT_ERROR(HttpStatus.BAD_GATEWAY, "agent-error", "Trust agent failed");

    private final HttpStatus status;
    private final String code;
    private final String title;

    HvsError(HttpStatus status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    /** A {@link ServiceException} of this kind; {@code detail} is shown to the client. */
    public ServiceException exception(String detail) {
        return new ServiceException(this, detail);
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
}
