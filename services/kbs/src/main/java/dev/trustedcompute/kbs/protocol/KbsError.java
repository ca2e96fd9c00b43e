package dev.trustedcompute.kbs.protocol;

import dev.trustedcompute.servicekit.error.ErrorCode;
import dev.trustedcompute.servicekit.error.ServiceException;
import org.springframework.http.HttpStatus;

/**
 * KBS's error catalogue. Each entry renders twice: as problem+json (service-kit) on the curl-friendly and other
 * routes, and as Trustee's {@code {type, detail}} with Trustee's status on {@code /kbs/v0} ({@link #trustee()}).
 */
public enum KbsError implements ErrorCode {
    MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request", TrusteeError.SerdeError),
    PROTOCOL_VERSION(HttpStatus.BAD_REQUEST, "protocol-version", "Unsupported protocol version", TrusteeError.AttestationError),
    UNSUPPORTED_TEE(HttpStatus.BAD_REQUEST, "unsupported-tee", "Unsupported TEE", TrusteeError.AttestationError),
    SESSION_NOT_FOUND(HttpStatus.UNAUTHORIZED, "session-not-found", "No valid session", TrusteeError.AttestationError),
    NONCE_USED(HttpStatus.UNAUTHORIZED, "nonce-used", "Nonce already used", TrusteeError.AttestationError),
    NONCE_MISMATCH(HttpStatus.BAD_REQUEST, "nonce-mismatch", "Nonce mismatch", TrusteeError.AttestationError),
    INVALID_TEE_KEY(HttpStatus.BAD_REQUEST, "invalid-tee-key", "Unusable TEE public key", TrusteeError.AttestationError),
    EVIDENCE_REJECTED(HttpStatus.UNAUTHORIZED, "evidence-rejected", "Evidence rejected", TrusteeError.AttestationError),
    APPRAISAL_FAILED(HttpStatus.UNPROCESSABLE_CONTENT, "appraisal-failed", "Appraisal failed", TrusteeError.AttestationError),
    TOKEN_NOT_FOUND(HttpStatus.UNAUTHORIZED, "token-not-found", "Attestation token not found", TrusteeError.TokenNotFound),
    TOKEN_INVALID(HttpStatus.UNAUTHORIZED, "token-invalid", "Attestation token invalid", TrusteeError.TokenVerifierError),
    POLICY_DENY(HttpStatus.FORBIDDEN, "policy-deny", "Access denied by policy", TrusteeError.PolicyDeny),
    RESOURCE_NOT_FOUND(HttpStatus.NOT_FOUND, "resource-not-found", "Resource not found", TrusteeError.PluginInternalError),
    INVALID_RESOURCE_PATH(HttpStatus.BAD_REQUEST, "invalid-resource-path", "Invalid resource path", TrusteeError.InvalidRequestPath),
    PLUGIN_NOT_FOUND(HttpStatus.NOT_FOUND, "plugin-not-found", "Plugin not found", TrusteeError.PluginNotFound),
    INVALID_POLICY(HttpStatus.BAD_REQUEST, "invalid-policy", "Invalid policy", TrusteeError.ParsePolicyError),
    POLICY_ENGINE_UNAVAILABLE(HttpStatus.BAD_GATEWAY, "policy-engine-unavailable", "Policy engine unavailable", TrusteeError.PluginInternalError),
    RVPS_UNAVAILABLE(HttpStatus.BAD_GATEWAY, "rvps-unavailable", "Reference value service unavailable", TrusteeError.RvpsError),
    RVPS_REJECTED(HttpStatus.BAD_REQUEST, "rvps-rejected", "Reference value service refused the request", TrusteeError.RvpsError),
    REFERENCE_VALUE_NOT_FOUND(HttpStatus.NOT_FOUND, "reference-value-not-found", "Reference value not found", TrusteeError.RvpsError);

    private final HttpStatus status;
    private final String code;
    private final String title;
    private final TrusteeError trustee;

    KbsError(HttpStatus status, String code, String title, TrusteeError trustee) {
        this.status = status;
        this.code = code;
        this.title = title;
        this.trustee = trustee;
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

    /** The Trustee variant this error is reported as on {@code /kbs/v0}. */
    public TrusteeError trustee() {
        return trustee;
    }

    public ServiceException exception(String detail) {
        return new ServiceException(this, detail);
    }

    public ServiceException exception(String detail, Throwable cause) {
        return new ServiceException(this, detail, cause);
    }
}
