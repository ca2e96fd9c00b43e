package dev.trustedcompute.trustagent.cc;

import dev.trustedcompute.trustagent.AgentException;

/** A CC Trusted API call that failed; the detail is safe to show to the calling workload (no secret). */
public final class CcException extends Exception {

    private final CcError error;

    public CcException(CcError error, String detail) {
        super(detail);
        this.error = error;
    }

    public CcException(CcError error, String detail, Throwable cause) {
        super(detail, cause);
        this.error = error;
    }

    public CcError error() {
        return error;
    }

    /** An agent failure seen through the API: absent hardware or files are 503, bad values 400, the rest 500. */
    public static CcException from(AgentException e) {
        CcError error = switch (e.failure()) {
            case BAD_INPUT -> CcError.BAD_REQUEST;
            case TPM_UNAVAILABLE, TEE_UNAVAILABLE, LOCAL_STATE, NOT_ONBOARDED -> CcError.UNAVAILABLE;
            case TPM_ERROR, HVS_UNREACHABLE, HVS_REFUSED -> CcError.INTERNAL;
        };
        return new CcException(error, e.getMessage(), e);
    }
}
