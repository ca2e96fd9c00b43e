package dev.trustedcompute.agentprotocol;

/**
 * Why a request could not be served.
 *
 * @param code    stable machine-readable code, e.g. {@code TPM_UNAVAILABLE}, {@code BAD_REQUEST},
 *                {@code UNKNOWN_NONCE}, {@code NOT_ONBOARDED}
 * @param message human-readable detail (no secrets)
 */
public record ProtocolError(String code, String message) {
    public ProtocolError {
        Fields.required("error.code", code);
        Fields.required("error.message", message);
    }
}
