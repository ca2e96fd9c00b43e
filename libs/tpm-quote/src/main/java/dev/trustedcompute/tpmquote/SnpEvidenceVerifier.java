package dev.trustedcompute.tpmquote;

import dev.trustedcompute.tpmquote.snp.SnpCertificates;
import dev.trustedcompute.tpmquote.snp.SnpExpectations;
import dev.trustedcompute.tpmquote.snp.SnpVerifier;
import dev.trustedcompute.tpmquote.snp.VerifiedSnpReport;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * AMD SEV-SNP reports ({@link SnpEvidence}) against the bundled AMD roots, in Trustee's order (see
 * {@link SnpVerifier}): chain → report signature → TCB → VMPL ({@link Expectations#snpVmpl()}, default 0) →
 * REPORT_DATA → HOST_DATA (init-data digest of up to 32 bytes, zero-padded).
 *
 * <p>Flat claims: every key of {@link VerifiedSnpReport#claims()} under {@code snp.} (e.g.
 * {@code snp.measurement}, {@code snp.policy_debug_allowed}, {@code snp.reported_tcb.bootloader}), Trustee's TCB
 * names {@code snp.reported_tcb_{bootloader,tee,snp,microcode}}, and {@code report_data}, {@code init_data}
 * (HOST_DATA) at the top.
 */
public final class SnpEvidenceVerifier implements EvidenceVerifier {

    private static final HexFormat HEX = HexFormat.of();
    private final SnpVerifier verifier = SnpVerifier.withBundledRoots();

    SnpEvidenceVerifier() {
    }

    @Override
    public Tee tee() {
        return Tee.SNP;
    }

    @Override
    public VerifiedClaims verify(Evidence evidence, Expectations expectations) throws VerificationException {
        SnpEvidence snp = EvidenceVerifiers.as(SnpEvidence.class, evidence);
        SnpCertificates certificates = snp.certificates().or(expectations::snpCertificates).orElseThrow(() ->
                new IllegalStateException("the SNP evidence has no VCEK/VLEK: fetch it (AMD KDS) and pass "
                        + "Expectations.Builder.snpCertificates(...)"));
        SnpExpectations.Builder expected = SnpExpectations.at(expectations.verificationTime())
                .vmpl(expectations.snpVmpl());
        switch (expectations.reportData()) {
            case ExpectedReportData.Exact exact -> expected.reportData(exact.value());
            case ExpectedReportData.RuntimeDataDigest digest -> expected.reportData(digest.placedFor(Tee.SNP));
            case ExpectedReportData.NotChecked skip -> expected.noReportData(skip.reason());
        }
        Optional<byte[]> initData = expectations.initDataDigest();
        if (initData.isPresent()) {
            if (initData.get().length > 32) {
                throw new VerificationException(Reason.INIT_DATA_MISMATCH, "HOST_DATA is 32 bytes and cannot hold a "
                        + initData.get().length + "-byte init-data digest; it is never truncated");
            }
            expected.hostData(Arrays.copyOf(initData.get(), 32));
        }
        VerifiedSnpReport report = verifier.verify(snp.report(), certificates, expected.build());
        return new VerifiedClaims(Tee.SNP, new TeeClaims.Snp(report), flat(report), report.uncheckedItems(),
                expectations.verificationTime());
    }

    private static Map<String, Object> flat(VerifiedSnpReport report) {
        Map<String, Object> c = new TreeMap<>();
        report.claims().forEach((k, v) -> c.put("snp." + k, v));
        c.put("snp.reported_tcb_bootloader", (long) report.reportedTcb().bootloader());
        c.put("snp.reported_tcb_tee", (long) report.reportedTcb().tee());
        c.put("snp.reported_tcb_snp", (long) report.reportedTcb().snp());
        c.put("snp.reported_tcb_microcode", (long) report.reportedTcb().microcode());
        c.put("report_data", HEX.formatHex(report.reportData()));
        c.put("init_data", HEX.formatHex(report.hostData()));
        return c;
    }
}
