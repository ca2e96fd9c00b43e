package dev.trustedcompute.tpmquote.snp;

import java.util.Arrays;

/** Helpers that compute an expected REPORT_DATA from what a protocol binds into it. */
public final class SnpReportData {

    private SnpReportData() {
    }

    /**
     * Trustee's placement (KBS RCAR, guest-components {@code attester/src/snp}): REPORT_DATA is the runtime-data
     * digest (SHA-384 by default, 48 bytes; SHA-256 or SHA-512 when negotiated) followed by zeros up to 64 bytes.
     * Unlike Trustee's {@code regularize_data}, a digest longer than 64 bytes is refused, never truncated.
     */
    public static byte[] trustee(byte[] runtimeDataDigest) {
        if (runtimeDataDigest == null || runtimeDataDigest.length == 0 || runtimeDataDigest.length > 64) {
            throw new IllegalArgumentException("runtime-data digest must be 1-64 bytes, got "
                    + (runtimeDataDigest == null ? "null" : runtimeDataDigest.length));
        }
        return Arrays.copyOf(runtimeDataDigest, 64);
    }
}
