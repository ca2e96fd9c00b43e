package dev.trustedcompute.kbs.ear;

import java.util.Map;

/**
 * The outcome of appraising one piece of evidence, what the EAR's {@code submods.cpu0} says.
 *
 * @param vector            trustworthiness claims from the attestation policy
 * @param policyId          {@code ear.appraisal-policy-id}
 * @param annotatedEvidence {@code ear.veraison.annotated-evidence}: the verifier's claims under the TEE name, plus
 *                          {@code report_data}, {@code runtime_data_claims} (which carries {@code tee-pubkey}) and
 *                          init-data entries
 */
public record Appraisal(TrustVector vector, String policyId, Map<String, Object> annotatedEvidence) {

    public Appraisal {
        annotatedEvidence = Map.copyOf(annotatedEvidence);
    }
}
