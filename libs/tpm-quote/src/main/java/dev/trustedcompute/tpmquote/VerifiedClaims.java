package dev.trustedcompute.tpmquote;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The result of a successful verification: typed claims for code, a flat map for policies, and the checks that
 * were explicitly skipped.
 *
 * <h2>The flat map</h2>
 * Keys are Trustee's claim paths as its attestation service hands them to policies (the verifier's claims under
 * the TEE's {@link Tee#trusteeName()}, with {@code report_data} and {@code init_data} hoisted to the top), joined
 * with dots. Values are {@link String} (bytes as lower-case hex), {@link Long}, {@link Boolean} or
 * {@code List<String>}. For example:
 * <pre>
 * tpm.pcr07                   SHA-256 PCR 7 (Trustee's TPM claims; tpm.sha384.pcr07 etc. for every quoted bank)
 * tpm.ak_public               base64 DER SubjectPublicKeyInfo of the AK (as Trustee's trusted_aks holds it)
 * snp.measurement             launch measurement
 * snp.reported_tcb_bootloader Trustee's TCB claim names (also snp.reported_tcb.bootloader etc.)
 * tdx.quote.body.mr_td        TD measurement; tdx.quote.body.rtmr_0..3, tdx.td_attributes.debug, tdx.tcb_status
 * az-snp-vtpm.tpm.pcr11       Azure vTPM PCRs; az-snp-vtpm.measurement etc. are strings, as Trustee types them
 * az-tdx-vtpm.quote.body.mr_td the TD quote of an Azure TDX VM; az-tdx-vtpm.tpm.pcrNN its vTPM PCRs
 * report_data, init_data      the freshness and init-data fields as the evidence carries them
 * </pre>
 * The per-TEE lists of keys are in the verifier classes ({@link TpmEvidenceVerifier}, {@link SnpEvidenceVerifier},
 * {@link TdxEvidenceVerifier}, {@link AzureVtpmEvidenceVerifier}). {@link #nested()} gives the same claims as
 * nested maps (Rego/CEL input).
 *
 * @param tee            the TEE that was verified
 * @param typed          typed claims, one record per TEE
 * @param flat           flat claims, sorted by key, unmodifiable
 * @param uncheckedItems checks that were skipped on the caller's explicit request, each with its reason, plus any
 *                       named tolerance applied (event-log quirks, expired collateral accepted by policy)
 * @param verifiedAt     the verification time the certificates were checked at
 */
public record VerifiedClaims(Tee tee, TeeClaims typed, Map<String, Object> flat, List<String> uncheckedItems,
                             Instant verifiedAt) {

    public VerifiedClaims {
        Objects.requireNonNull(tee, "tee");
        Objects.requireNonNull(typed, "typed");
        Objects.requireNonNull(verifiedAt, "verifiedAt");
        flat = Collections.unmodifiableMap(new TreeMap<>(flat));
        uncheckedItems = List.copyOf(uncheckedItems);
    }

    /**
     * The flat claims as nested maps, split at the dots: {@code {"tdx": {"quote": {"body": {"mr_td": "..."}}}}}.
     * This is the shape of Trustee's policy input ({@code input.tdx.quote.body.mr_td}).
     */
    public Map<String, Object> nested() {
        Map<String, Object> root = new TreeMap<>();
        flat.forEach((key, value) -> put(root, key, value));
        return freeze(root);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, String key, Object value) {
        String[] parts = key.split("\\.");
        Map<String, Object> node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = node.computeIfAbsent(parts[i], k -> new TreeMap<String, Object>());
            if (!(child instanceof Map)) {
                throw new IllegalStateException("claim " + key + " nests under the scalar claim " + parts[i]);
            }
            node = (Map<String, Object>) child;
        }
        if (node.putIfAbsent(parts[parts.length - 1], value) != null) {
            throw new IllegalStateException("claim " + key + " collides with a nested claim");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> freeze(Map<String, Object> node) {
        node.replaceAll((k, v) -> v instanceof Map ? freeze((Map<String, Object>) v) : v);
        return Collections.unmodifiableMap(node);
    }
}
