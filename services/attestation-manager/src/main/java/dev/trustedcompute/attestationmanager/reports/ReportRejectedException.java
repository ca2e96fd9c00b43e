package dev.trustedcompute.attestationmanager.reports;

/** A report event that must not be trusted; the detail is safe to log (it holds no secrets). */
public final class ReportRejectedException extends Exception {
    private final Rejection reason;

    public ReportRejectedException(Rejection reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public Rejection reason() {
        return reason;
    }
}
