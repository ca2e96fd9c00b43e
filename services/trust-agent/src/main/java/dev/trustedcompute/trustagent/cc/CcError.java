package dev.trustedcompute.trustagent.cc;

/**
 * Failure classes of the CC Trusted API, each with its HTTP status and the slug of its RFC 9457 problem type
 * ({@code https://trustedcompute.dev/problems/<slug>}), the same shape every Trusted Compute service answers with.
 */
public enum CcError {
    /** A value is malformed (not base64, not JSON, wrong type, missing). */
    BAD_REQUEST(400, "bad-request"),
    /** A measurement register index outside 0..count-1. */
    INDEX_OUT_OF_RANGE(400, "cc-index-out-of-range"),
    /** An algorithm the backend does not measure with. */
    UNKNOWN_ALGORITHM(400, "cc-unknown-algorithm"),
    /** An event-log window (start, count) beyond the log. */
    EVENT_LOG_RANGE(400, "cc-event-log-range"),
    /** A nonce or user data too long (or too short) to bind into a report. */
    REPORT_INPUT_SIZE(400, "cc-report-input-size"),
    /** No such route. */
    NOT_FOUND(404, "not-found"),
    /** The route exists with another method. */
    METHOD_NOT_ALLOWED(405, "method-not-allowed"),
    /** The request body or head is larger than the server accepts. */
    PAYLOAD_TOO_LARGE(413, "payload-too-large"),
    /** The caller used up its token bucket. */
    RATE_LIMITED(429, "rate-limited"),
    /** The TPM, TEE device or event log the backend reads is absent or unreadable; the detail names it. */
    UNAVAILABLE(503, "cc-unavailable"),
    /** A bug or a device answering outside its contract. */
    INTERNAL(500, "internal-error");

    private final int status;
    private final String slug;

    CcError(int status, String slug) {
        this.status = status;
        this.slug = slug;
    }

    public int status() {
        return status;
    }

    public String type() {
        return "https://trustedcompute.dev/problems/" + slug;
    }
}
