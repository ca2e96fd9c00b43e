package dev.trustedcompute.tpmquote.tdx;

import java.util.Arrays;

/** What the 64-byte REPORTDATA of the TD must be: exactly given bytes, or explicitly not checked. */
public sealed interface ReportDataExpectation {

    /** REPORTDATA must equal {@code expected} (64 bytes; no padding or truncation is done for the caller). */
    static ReportDataExpectation exactly(byte[] expected) {
        if (expected.length != 64) {
            throw new IllegalArgumentException("TDX REPORTDATA is 64 bytes, got " + expected.length);
        }
        return new Exactly(expected.clone());
    }

    /** No report-data check; {@code reason} is written into the result. */
    static ReportDataExpectation notChecked(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a reason is required to skip the report data check");
        }
        return new NotChecked(reason);
    }

    record Exactly(byte[] expected) implements ReportDataExpectation {
        public Exactly {
            expected = expected.clone();
        }

        @Override
        public byte[] expected() {
            return expected.clone();
        }

        boolean matches(byte[] actual) {
            return java.security.MessageDigest.isEqual(expected, actual);
        }

        @Override
        public String toString() {
            return "Exactly[" + Arrays.toString(expected) + "]";
        }
    }

    record NotChecked(String reason) implements ReportDataExpectation {
    }
}
