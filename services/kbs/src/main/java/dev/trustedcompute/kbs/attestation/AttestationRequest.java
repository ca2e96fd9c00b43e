package dev.trustedcompute.kbs.attestation;

import dev.trustedcompute.kbs.protocol.AttestationMessage;
import dev.trustedcompute.kbs.protocol.KbsError;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One attestation, checked for shape (not yet for content).
 *
 * @param tee                the TEE the session was opened for
 * @param primaryEvidence    {@code tee-evidence.primary_evidence}, the TEE's evidence JSON
 * @param additionalEvidence {@code tee-evidence.additional_evidence}: {@code ""} or JSON text of device evidence
 * @param nonce              {@code runtime-data.nonce}
 * @param teePubkey          {@code runtime-data.tee-pubkey}, the JWK as sent
 * @param initData           the init-data TOML text, when sent
 */
public record AttestationRequest(String tee, JsonNode primaryEvidence, String additionalEvidence, String nonce,
                                 JsonNode teePubkey, Optional<String> initData) {

    /** Validates the body's structure; a missing or mistyped member is {@link KbsError#MALFORMED_REQUEST}. */
    public static AttestationRequest from(String tee, AttestationMessage message) {
        JsonNode runtime = message.runtimeData();
        JsonNode evidence = message.teeEvidence();
        if (runtime == null || !runtime.isObject()) {
            throw KbsError.MALFORMED_REQUEST.exception("runtime-data must be an object with nonce and tee-pubkey");
        }
        if (evidence == null || !evidence.isObject() || evidence.get("primary_evidence") == null
                || evidence.get("primary_evidence").isNull()) {
            throw KbsError.MALFORMED_REQUEST.exception("tee-evidence must be an object with primary_evidence");
        }
        JsonNode nonce = runtime.get("nonce");
        JsonNode key = runtime.get("tee-pubkey");
        if (nonce == null || !nonce.isString() || key == null || !key.isObject()) {
            throw KbsError.MALFORMED_REQUEST.exception("runtime-data needs a string nonce and a tee-pubkey object");
        }
        JsonNode additional = evidence.get("additional_evidence");
        if (additional != null && !additional.isNull() && !additional.isString()) {
            throw KbsError.MALFORMED_REQUEST.exception("tee-evidence.additional_evidence must be a string");
        }
        return new AttestationRequest(tee, evidence.get("primary_evidence"),
                additional == null || additional.isNull() ? "" : additional.asString(), nonce.asString(), key,
                initData(message.initData()));
    }

    private static Optional<String> initData(JsonNode initData) {
        if (initData == null || initData.isNull()) {
            return Optional.empty();
        }
        JsonNode format = initData.get("format");
        JsonNode body = initData.get("body");
        if (!initData.isObject() || format == null || !"toml".equals(format.asString(""))
                || body == null || !body.isString()) {
            throw KbsError.MALFORMED_REQUEST.exception("init-data must be {\"format\":\"toml\",\"body\":\"...\"} or null");
        }
        return Optional.of(body.asString());
    }

    /**
     * The runtime data the evidence binds, as Trustee rebuilds it: {@code tee-pubkey}, {@code nonce} and
     * {@code additional-evidence} (always present, {@code ""} without devices).
     */
    public ObjectNode runtimeData() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set("tee-pubkey", teePubkey);
        node.put("nonce", nonce);
        node.put("additional-evidence", additionalEvidence);
        return node;
    }
}
