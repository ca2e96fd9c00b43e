package dev.trustedcompute.trustagent.cc.client;

/**
 * The agent refused a CC Trusted API call (or could not be reached: status 0). {@code type} and {@code detail} come
 * from the RFC 9457 problem document the agent answered with.
 */
public final class CcApiException extends Exception {

    private final int status;
    private final String type;

    public CcApiException(int status, String type, String detail) {
        super(status == 0 ? detail : "HTTP " + status + " " + type + ": " + detail);
        this.status = status;
        this.type = type;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }
}
