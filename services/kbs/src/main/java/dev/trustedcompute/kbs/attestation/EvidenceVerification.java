package dev.trustedcompute.kbs.attestation;

import dev.trustedcompute.kbs.protocol.KbsError;
import dev.trustedcompute.tpmquote.AzSnpVtpmEvidence;
import dev.trustedcompute.tpmquote.AzTdxVtpmEvidence;
import dev.trustedcompute.tpmquote.Evidence;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.EvidenceVerifiers;
import dev.trustedcompute.tpmquote.ExpectedReportData;
import dev.trustedcompute.tpmquote.Expectations;
import dev.trustedcompute.tpmquote.RuntimeDataHash;
import dev.trustedcompute.tpmquote.SnpEvidence;
import dev.trustedcompute.tpmquote.TdxEvidence;
import dev.trustedcompute.tpmquote.Tee;
import dev.trustedcompute.tpmquote.TpmEvidence;
import dev.trustedcompute.tpmquote.TrusteeEvidence;
import dev.trustedcompute.tpmquote.TrusteeRuntimeData;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.VerifiedClaims;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies primary evidence with libs/tpm-quote: parses Trustee's evidence JSON for the session's TEE
 * ({@link TrusteeEvidence}), computes the digest the evidence must bind (SHA-384 of the RFC 8785 form of
 * {@code {"tee-pubkey","nonce","additional-evidence"}}, placed per TEE by the library), adds the trust inputs the
 * attester must not choose (the pinned TPM AK, TDX collateral) and runs the TEE's verifier at the current time.
 */
@Component
public class EvidenceVerification {

    private final Clock clock;
    private final JsonMapper json;
    private final TrustedAks trustedAks;
    private final TdxCollateralStore tdxCollateral;

    public EvidenceVerification(Clock clock, JsonMapper json, TrustedAks trustedAks, TdxCollateralStore tdxCollateral) {
        this.clock = clock;
        this.json = json;
        this.trustedAks = trustedAks;
        this.tdxCollateral = tdxCollateral;
    }

    public VerifiedEvidence verify(AttestationRequest request) {
        byte[] digest;
        try {
            byte[] canonical = TrusteeRuntimeData.primary(request.nonce(), json.writeValueAsBytes(request.teePubkey()),
                    request.additionalEvidence());
            digest = RuntimeDataHash.SHA384.digest(canonical);
        } catch (EvidenceFormatException e) {
            throw KbsError.INVALID_TEE_KEY.exception("runtime-data cannot be canonicalized: " + e.getMessage());
        }
        return verify(request.tee(), json.writeValueAsBytes(request.primaryEvidence()), digest);
    }

    /** Verifies evidence made for runtime data with this digest (SHA-384 in the protocol). */
    VerifiedEvidence verify(String teeName, byte[] evidenceJson, byte[] runtimeDataDigest) {
        if (SupportedTees.SAMPLE.equals(teeName)) {
            return SampleEvidence.verify(json.readTree(evidenceJson), runtimeDataDigest);
        }
        Tee tee = SupportedTees.tee(teeName);
        Evidence evidence;
        try {
            evidence = TrusteeEvidence.parse(tee, evidenceJson);
        } catch (EvidenceFormatException e) {
            throw KbsError.MALFORMED_REQUEST.exception("malformed " + tee.trusteeName() + " evidence: " + e.getMessage());
        }
        Expectations.Builder expectations = Expectations.at(clock.instant())
                .reportData(ExpectedReportData.trusteeRuntimeData(runtimeDataDigest));
        switch (evidence) {
            case TpmEvidence tpm -> expectations.trustedAk(trustedAks.pinnedFor(tpm));
            case SnpEvidence snp -> requireCertificates(snp);
            case TdxEvidence tdx -> tdxCollateral.apply(expectations, tdx.quote());
            case AzTdxVtpmEvidence azure -> tdxCollateral.apply(expectations, azure.tdQuote());
            // Azure SNP evidence always carries the VCEK that Azure's IMDS hands out
            case AzSnpVtpmEvidence azure -> { }
        }
        VerifiedClaims claims;
        try {
            claims = EvidenceVerifiers.verify(evidence, expectations.build());
        } catch (VerificationException e) {
            throw KbsError.EVIDENCE_REJECTED.exception(tee.trusteeName() + " evidence rejected: " + e.getMessage());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> teeClaims = (Map<String, Object>) claims.nested().getOrDefault(tee.trusteeName(), Map.of());
        return new VerifiedEvidence(tee.trusteeName(), teeClaims, String.valueOf(claims.flat().get("report_data")),
                claims.uncheckedItems());
    }

    /**
     * Trustee fetches a missing VCEK from AMD's KDS; this KBS makes no outbound calls to AMD, so SNP evidence must
     * carry its VCEK/VLEK (the extended report's certificate table, {@code cert_chain}).
     */
    private static void requireCertificates(SnpEvidence snp) {
        if (snp.certificates().isEmpty()) {
            throw KbsError.EVIDENCE_REJECTED.exception("snp evidence without cert_chain: this KBS does not fetch VCEKs "
                    + "from AMD KDS; provision the host's certificate table so the extended report carries the VCEK");
        }
    }
}
