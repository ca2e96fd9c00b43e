package dev.trustedcompute.kbs.referencevalues;

/** RVPS (or AAS, for its token) could not be reached or answered with an error. */
public final class ReferenceValuesUnavailableException extends RuntimeException {

    private final int status;

    public ReferenceValuesUnavailableException(String message, int status) {
        super(message);
        this.status = status;
    }

    public ReferenceValuesUnavailableException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status RVPS answered with, or 0 when there was no answer. */
    public int status() {
        return status;
    }
}
