package dev.trustedcompute.tpmquote.azure;

import dev.trustedcompute.tpmquote.snp.SnpReport;

/**
 * The hardware report an HCL report carries (IgvmRequestData.report_type): an SEV-SNP attestation report
 * (type 2) or a TDX TDREPORT (type 4). Both are unverified as parsed.
 */
public sealed interface HclHardwareReport permits HclHardwareReport.Snp, HclHardwareReport.Tdx {

    /** The 64-byte REPORT_DATA / REPORTDATA, where the HCL binds the runtime data. */
    byte[] reportData();

    /** report_type 2: signed by the VCEK/VLEK, verified with {@code snp.SnpVerifier}. */
    record Snp(SnpReport report) implements HclHardwareReport {
        @Override
        public byte[] reportData() {
            return report.reportData();
        }
    }

    /** report_type 4: only MACed; it counts through the TD quote made from it. */
    record Tdx(TdReport report) implements HclHardwareReport {
        @Override
        public byte[] reportData() {
            return report.reportData();
        }
    }
}
