package dev.trustedcompute.kbs.protocol;

import org.springframework.http.HttpStatus;

/**
 * The error variants Trustee's KBS reports on {@code /kbs/v0} ({@code kbs/src/error.rs}). The body is
 * {@code {"type":"https://github.com/confidential-containers/kbs/errors/<Variant>","detail":"..."}}. Only an invalid
 * path and an unknown plugin are 404; everything else is 401, which makes guest-components re-run the handshake and
 * retry (its behaviour depends on exactly these two codes).
 */
public enum TrusteeError {
    AdminAuthAccess,
    AttestationError,
    InvalidRequestPath,
    JweError,
    PluginNotFound,
    PluginInternalError,
    PolicyDeny,
    ParsePolicyError,
    RvpsError,
    SerdeError,
    TokenNotFound,
    TokenVerifierError;

    static final String TYPE_PREFIX = "https://github.com/confidential-containers/kbs/errors/";

    public HttpStatus status() {
        return switch (this) {
            case InvalidRequestPath, PluginNotFound -> HttpStatus.NOT_FOUND;
            default -> HttpStatus.UNAUTHORIZED;
        };
    }

    public String type() {
        return TYPE_PREFIX + name();
    }
}
