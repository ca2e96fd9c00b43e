package dev.trustedcompute.tpmquote;

import dev.trustedcompute.tpmquote.azure.AzureExpectations;
import dev.trustedcompute.tpmquote.azure.AzureVtpmVerifier;
import dev.trustedcompute.tpmquote.azure.VerifiedAzureVtpm;
import dev.trustedcompute.tpmquote.snp.SnpVerifier;
import dev.trustedcompute.tpmquote.tdx.TdxVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Azure vTPM evidence ({@link AzSnpVtpmEvidence}, {@link AzTdxVtpmEvidence}) with {@link AzureVtpmVerifier}:
 * runtime-data binding → hardware report (SEV-SNP with the evidence's VCEK or
 * {@link Expectations#snpCertificates()}, VMPL 0; TDX with {@link Expectations#tdxCollateral()} and
 * {@link Expectations#tdxPolicy()}) → vTPM quote with the runtime data's {@code HCLAkPub} → HCL user-data
 * (evidence version 2) → init data in PCR8 (a 32-byte SHA-256 digest).
 *
 * <p>The freshness field is the vTPM quote's extraData: {@link ExpectedReportData.Exact} compares it byte for
 * byte, a Trustee runtime-data digest must be there whole.
 *
 * <p>Flat claims: Trustee's under the TEE name, {@code az-snp-vtpm.*} or {@code az-tdx-vtpm.*}:
 * <ul>
 * <li>{@code tpm.pcr00..pcr23} (hex) for both;</li>
 * <li>az-snp-vtpm: Trustee's Azure SNP claims, all <b>strings</b> ({@code measurement} base64,
 *     {@code policy_debug_allowed} {@code "false"}, {@code reported_tcb_microcode} {@code "219"}, ...);</li>
 * <li>az-tdx-vtpm: the TDX claims ({@code quote.body.mr_td}, {@code td_attributes.debug}, {@code tcb_status},
 *     ...);</li>
 * <li>{@code report_data} (the vTPM quote's nonce, hex) and {@code init_data} (PCR8, hex) at the top.</li>
 * </ul>
 */
public final class AzureVtpmEvidenceVerifier implements EvidenceVerifier {

    private static final SnpVerifier SNP = SnpVerifier.withBundledRoots();

    private final Tee tee;

    AzureVtpmEvidenceVerifier(Tee tee) {
        if (tee != Tee.AZ_SNP_VTPM && tee != Tee.AZ_TDX_VTPM) {
            throw new IllegalArgumentException(tee + " is not an Azure vTPM TEE");
        }
        this.tee = tee;
    }

    @Override
    public Tee tee() {
        return tee;
    }

    @Override
    public VerifiedClaims verify(Evidence evidence, Expectations expectations) throws VerificationException {
        AzureVtpmEvidence azure = EvidenceVerifiers.as(AzureVtpmEvidence.class, evidence);
        if (azure.tee() != tee) {
            throw new IllegalArgumentException("the " + tee.trusteeName() + " verifier was given "
                    + azure.tee().trusteeName() + " evidence");
        }
        List<String> unchecked = new ArrayList<>();
        AzureExpectations.Builder expected = AzureExpectations.at(expectations.verificationTime());
        switch (expectations.reportData()) {
            case ExpectedReportData.Exact exact -> expected.nonce(exact.value());
            case ExpectedReportData.RuntimeDataDigest digest -> expected.nonce(digest.placedFor(tee));
            case ExpectedReportData.NotChecked skip -> expected.noNonce(skip.reason());
        }
        Optional<byte[]> initData = expectations.initDataDigest();
        if (initData.isPresent()) {
            if (initData.get().length != AzureExpectations.INIT_DATA_DIGEST_SIZE) {
                throw new VerificationException(Reason.INIT_DATA_MISMATCH, "PCR8 binds a 32-byte SHA-256 init-data "
                        + "digest, not a " + initData.get().length + "-byte one; it is never padded or truncated");
            }
            expected.initDataDigest(initData.get());
        }
        expectations.snpCertificates().ifPresent(expected::snpCertificates);
        if (azure instanceof AzTdxVtpmEvidence) {
            if (expectations.tdxCollateral().isPresent()) {
                expected.tdxCollateral(expectations.tdxCollateral().get());
            } else {
                String why = expectations.noTdxCollateralReason().orElseThrow(() -> new IllegalStateException(
                        "az-tdx-vtpm needs TDX collateral: Expectations.Builder.tdxCollateral(...) or "
                                + "withoutTdxCollateral(reason)"));
                unchecked.add("TCB status (caller's reason): " + why);
            }
        }
        AzureVtpmVerifier verifier = new AzureVtpmVerifier(SNP, TdxVerifier.withIntelRoot(expectations.tdxPolicy()));
        VerifiedAzureVtpm verified = verifier.verify(azure, expected.build());
        unchecked.addAll(verified.uncheckedItems());
        return new VerifiedClaims(tee, new TeeClaims.AzureVtpm(verified), flat(verified), unchecked,
                expectations.verificationTime());
    }

    private Map<String, Object> flat(VerifiedAzureVtpm verified) {
        Map<String, Object> c = new TreeMap<>();
        verified.claims().forEach((k, v) -> {
            boolean hoisted = k.equals("report_data") || k.equals("init_data");
            c.put(hoisted ? k : tee.trusteeName() + "." + k, v);
        });
        return c;
    }
}
