package dev.trustedcompute.kbs.attestation;

import dev.trustedcompute.kbs.protocol.KbsError;
import dev.trustedcompute.kbs.referencevalues.ReferenceValueProvider;
import dev.trustedcompute.kbs.referencevalues.ReferenceValuesUnavailableException;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.TpmEvidence;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The TPM attestation keys KBS trusts: the RVPS reference value {@value #TRUSTED_AKS}, a list of base64 DER
 * SubjectPublicKeyInfo strings (as {@code tpm2_readpublic -f der | base64 -w0} prints them, and as Trustee's
 * {@code trusted_aks} holds them). The library verifies a quote only against a pinned AK, never against the one the
 * evidence names; the pinned AK is the entry equal to the attester's.
 */
@Component
public class TrustedAks {

    /** RVPS reference value listing the AKs whose TPM quotes are trusted. */
    public static final String TRUSTED_AKS = "trusted_aks";

    private final ReferenceValueProvider referenceValues;

    public TrustedAks(ReferenceValueProvider referenceValues) {
        this.referenceValues = referenceValues;
    }

    /**
     * The trusted AK equal to the one the evidence names; {@link KbsError#EVIDENCE_REJECTED} when there is none, so an
     * untrusted quote is refused before its signature is even looked at.
     */
    AkPublic pinnedFor(TpmEvidence tpm) {
        AkPublic claimed = tpm.attesterAk().orElseThrow(() ->
                KbsError.MALFORMED_REQUEST.exception("tpm evidence without ak_public"));
        List<String> trusted;
        try {
            trusted = referenceValues.query(Set.of(TRUSTED_AKS)).getOrDefault(TRUSTED_AKS, List.of());
        } catch (ReferenceValuesUnavailableException e) {
            throw KbsError.RVPS_UNAVAILABLE.exception("trusted AKs could not be fetched: " + e.getMessage(), e);
        }
        for (String entry : trusted) {
            try {
                AkPublic ak = AkPublic.fromSubjectPublicKeyInfo(Base64.getDecoder().decode(entry));
                if (ak.publicKey().equals(claimed.publicKey())) {
                    return ak;
                }
            } catch (EvidenceFormatException | IllegalArgumentException unusable) {
                // an unparsable trusted_aks entry pins nothing
            }
        }
        throw KbsError.EVIDENCE_REJECTED.exception("the TPM attestation key is not trusted: register its base64 DER "
                + "SubjectPublicKeyInfo in the RVPS reference value " + TRUSTED_AKS);
    }
}
