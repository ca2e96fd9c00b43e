package dev.trustedcompute.attestationmanager.error;

import dev.trustedcompute.servicekit.error.ErrorCode;
import org.springframework.http.HttpStatus;

/** Every way an attestation manager request can be refused (problem type {@code https://trustedcompute.dev/problems/<code>}). */
public enum AmError implements ErrorCode {
    /** Host id is not one NATS subject token (1-64 of letters, digits, '-', '_'). */
    INVALID_HOST_ID(400, "invalid-host-id", "Invalid host id"),
    /** pollDurationMinutes outside 1..10080. */
    INVALID_POLL_DURATION(400, "invalid-poll-duration", "Invalid poll duration"),
    /** Unknown status filter, bad limit, bad Kubernetes node name or flavor part. */
    INVALID_PARAMETER(400, "invalid-parameter", "Invalid parameter"),
    /** No node with that host id. */
    UNKNOWN_NODE(404, "unknown-node", "Unknown node"),
    /** The node has golden flavors already; re-baselining needs {@code "rebaseline": true}. */
    ALREADY_ONBOARDED(409, "already-onboarded", "Node already onboarded"),
    /** Onboarding or re-attestation needs HVS, and tc.am.hvs.* is not configured. */
    HVS_NOT_CONFIGURED(503, "hvs-not-configured", "HVS not configured"),
    /** HVS (or AAS for the manager's token) failed or refused the call. */
    HVS_FAILED(502, "hvs-failed", "HVS call failed");

    private final HttpStatus status;
    private final String code;
    private final String title;

    AmError(int status, String code, String title) {
        this.status = HttpStatus.valueOf(status);
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
}
