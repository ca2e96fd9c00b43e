package dev.trustedcompute.kbs.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * The RCAR 0.4.0 {@code Attestation} body, kept as JSON trees: the runtime data must be hashed exactly as sent.
 * <pre>
 * {"init-data": {"format":"toml","body":"..."} | null,
 *  "runtime-data": {"nonce":"...","tee-pubkey":{JWK}},
 *  "tee-evidence": {"primary_evidence": {...}, "additional_evidence": ""}}
 * </pre>
 * The curl-friendly {@code POST /attestation} sends the same members plus {@code tee}.
 */
public record AttestationMessage(
        String tee,
        @JsonProperty("init-data") JsonNode initData,
        @JsonProperty("runtime-data") JsonNode runtimeData,
        @JsonProperty("tee-evidence") JsonNode teeEvidence) {
}
