package dev.trustedcompute.tpmquote.snp;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the verifier expects of a report besides a valid signature: the verification time (certificates
 * are checked for validity at that instant), the exact 64-byte REPORT_DATA (the freshness/key binding),
 * optionally the VMPL and the 32-byte HOST_DATA. Skipping the REPORT_DATA check must be asked for by name,
 * with a reason that {@link VerifiedSnpReport#uncheckedItems()} repeats.
 */
public final class SnpExpectations {

    private final Instant at;
    private final byte[] reportData;
    private final String noReportDataReason;
    private final OptionalInt vmpl;
    private final byte[] hostData;

    private SnpExpectations(Builder builder) {
        this.at = builder.at;
        this.reportData = builder.reportData;
        this.noReportDataReason = builder.noReportDataReason;
        this.vmpl = builder.vmpl;
        this.hostData = builder.hostData;
    }

    /** Starts expectations for a verification at {@code at} (pass the clock's instant, never a constant in production). */
    public static Builder at(Instant at) {
        return new Builder(Objects.requireNonNull(at, "at"));
    }

    public Instant verificationTime() {
        return at;
    }

    /** The expected REPORT_DATA (a copy), empty when the check was explicitly waived. */
    public Optional<byte[]> reportData() {
        return Optional.ofNullable(reportData).map(byte[]::clone);
    }

    /** Why REPORT_DATA is not checked, when it is not. */
    public Optional<String> noReportDataReason() {
        return Optional.ofNullable(noReportDataReason);
    }

    public OptionalInt vmpl() {
        return vmpl;
    }

    public Optional<byte[]> hostData() {
        return Optional.ofNullable(hostData).map(byte[]::clone);
    }

    public static final class Builder {
        private final Instant at;
        private byte[] reportData;
        private String noReportDataReason;
        private OptionalInt vmpl = OptionalInt.empty();
        private byte[] hostData;

        private Builder(Instant at) {
            this.at = at;
        }

        /**
         * The exact REPORT_DATA, 64 bytes: nothing is padded or truncated here. For Trustee's placement of a
         * runtime-data digest use {@link SnpReportData#trustee(byte[])}.
         */
        public Builder reportData(byte[] expected) {
            if (expected == null || expected.length != 64) {
                throw new IllegalArgumentException("REPORT_DATA is 64 bytes, got "
                        + (expected == null ? "null" : expected.length));
            }
            this.reportData = expected.clone();
            this.noReportDataReason = null;
            return this;
        }

        /** Waives the REPORT_DATA check; the reason is carried into the verified result. */
        public Builder noReportData(String reason) {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a reason is required to skip the REPORT_DATA check");
            }
            this.noReportDataReason = reason;
            this.reportData = null;
            return this;
        }

        /** The VMPL the report must have been requested at (0-3). */
        public Builder vmpl(int expected) {
            if (expected < 0 || expected > 3) {
                throw new IllegalArgumentException("VMPL is 0-3, got " + expected);
            }
            this.vmpl = OptionalInt.of(expected);
            return this;
        }

        /** The exact HOST_DATA (32 bytes), e.g. Trustee's init-data digest. */
        public Builder hostData(byte[] expected) {
            if (expected == null || expected.length != 32) {
                throw new IllegalArgumentException("HOST_DATA is 32 bytes, got "
                        + (expected == null ? "null" : expected.length));
            }
            this.hostData = expected.clone();
            return this;
        }

        public SnpExpectations build() {
            if (reportData == null && noReportDataReason == null) {
                throw new IllegalStateException("expect a REPORT_DATA value or waive it with noReportData(reason)");
            }
            return new SnpExpectations(this);
        }
    }
}
