package dev.trustedcompute.kbs.ear;

/**
 * EAR appraisal status, ordered from best to worst tier. A claim value's tier (rust-ear {@code TrustClaim::tier}):
 * -1..1 none, |v| < 32 affirming, |v| < 96 warning, else contraindicated; the status is the worst tier of all claims.
 */
public enum EarStatus {
    NONE("none"),
    AFFIRMING("affirming"),
    WARNING("warning"),
    CONTRAINDICATED("contraindicated");

    private final String jsonName;

    EarStatus(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static EarStatus tierOf(int value) {
        int magnitude = Math.abs(value);
        if (magnitude <= 1) {
            return NONE;
        }
        if (magnitude < 32) {
            return AFFIRMING;
        }
        if (magnitude < 96) {
            return WARNING;
        }
        return CONTRAINDICATED;
    }
}
