package dev.trustedcompute.kbs.attestation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evidence that passed verification, in the shape Trustee's attestation service gives policies.
 *
 * @param tee            Trustee TEE name
 * @param claims         the verifier's claims for the TEE, nested ({@code {"pcr11": ..., "ak_public": ...}})
 * @param reportData     hex of the evidence's freshness field
 * @param uncheckedItems checks the verifier skipped or tolerances it applied, each named (reported in the token)
 */
public record VerifiedEvidence(String tee, Map<String, Object> claims, String reportData, List<String> uncheckedItems) {

    public VerifiedEvidence {
        claims = Map.copyOf(claims);
        uncheckedItems = List.copyOf(uncheckedItems);
    }

    /**
     * Trustee's annotated evidence, the input of the attestation policy and {@code ear.veraison.annotated-evidence} in
     * the token: the claims under the TEE's name, {@code report_data}, {@code runtime_data_claims}, and
     * {@code unchecked_items} when the verifier skipped anything.
     */
    public Map<String, Object> annotated(Map<String, Object> runtimeDataClaims) {
        Map<String, Object> annotated = new LinkedHashMap<>();
        annotated.put(tee, claims);
        annotated.put("report_data", reportData);
        annotated.put("runtime_data_claims", runtimeDataClaims);
        if (!uncheckedItems.isEmpty()) {
            annotated.put("unchecked_items", uncheckedItems);
        }
        return annotated;
    }
}
