package dev.trustedcompute.tpmquote;

import dev.trustedcompute.tpmquote.azure.TrusteeAzureEvidence;
import dev.trustedcompute.tpmquote.snp.TrusteeSnpEvidence;
import dev.trustedcompute.tpmquote.tdx.TrusteeTdxEvidence;
import dev.trustedcompute.tpmquote.tpm.TrusteeTpmEvidence;

/**
 * Reads the evidence a Trustee attester sends ({@code tee-evidence.primary_evidence} of a KBS {@code Attestation},
 * or a device's entry in {@code additional_evidence}) for the TEE named in the KBS {@code Request}:
 * <pre>{@code
 * Evidence evidence = TrusteeEvidence.parse(Tee.fromTrusteeName(request.tee()), primaryEvidenceJson);
 * }</pre>
 * The exact shape of each TEE's JSON is documented on its parser ({@link TrusteeTpmEvidence},
 * {@link TrusteeSnpEvidence}, {@link TrusteeTdxEvidence}, {@link TrusteeAzureEvidence}). Every malformed input,
 * whatever is wrong with it, is an {@link EvidenceFormatException}; documents are size-limited before parsing.
 */
public final class TrusteeEvidence {

    private TrusteeEvidence() {
    }

    /** Parses {@code json} (UTF-8) as evidence of {@code tee}. */
    public static Evidence parse(Tee tee, byte[] json) throws EvidenceFormatException {
        return switch (tee) {
            case TPM -> TrusteeTpmEvidence.parse(json);
            case SNP -> TrusteeSnpEvidence.parse(json);
            case TDX -> TrusteeTdxEvidence.parse(json);
            case AZ_SNP_VTPM -> TrusteeAzureEvidence.parseSnp(json);
            case AZ_TDX_VTPM -> TrusteeAzureEvidence.parseTdx(json);
        };
    }
}
