package dev.trustedcompute.tpmquote;

import java.nio.charset.StandardCharsets;

/**
 * Trustee's runtime-data binding (KBS protocol 0.4.0): the attester hashes the RFC 8785 canonical form of its
 * runtime data and places the digest in the evidence's freshness field; the verifier recomputes it. This class
 * computes the digest; {@link ExpectedReportData.RuntimeDataDigest#placedFor(Tee)} knows where each TEE puts it.
 * <pre>{@code
 * byte[] canonical = TrusteeRuntimeData.primary(session.nonce(), teePubkeyJson, additionalEvidence);
 * ExpectedReportData expected = TrusteeRuntimeData.expected(RuntimeDataHash.SHA384, canonical);
 * }</pre>
 * The primary runtime data is {@code {"tee-pubkey": K, "nonce": N, "additional-evidence": A}}, where
 * {@code additional-evidence} is always present, as the empty string when no device evidence was sent
 * (guest-components {@code rcar_client.rs}); per-device runtime data is {@code {"tee-pubkey": K, "nonce": N}}.
 */
public final class TrusteeRuntimeData {

    private TrusteeRuntimeData() {
    }

    /**
     * The canonical bytes of the primary runtime data.
     *
     * @param nonce              the session's challenge nonce, as sent (base64)
     * @param teePubkeyJson      the {@code tee-pubkey} JWK as received (UTF-8 JSON object)
     * @param additionalEvidence the {@code additional_evidence} string as received ({@code ""} when none)
     * @throws EvidenceFormatException when the JWK is not a JSON object or is not I-JSON
     */
    public static byte[] primary(String nonce, byte[] teePubkeyJson, String additionalEvidence)
            throws EvidenceFormatException {
        return object(nonce, teePubkeyJson, additionalEvidence);
    }

    /** The canonical bytes of one device's runtime data, {@code {"tee-pubkey": K, "nonce": N}}. */
    public static byte[] device(String nonce, byte[] teePubkeyJson) throws EvidenceFormatException {
        return object(nonce, teePubkeyJson, null);
    }

    private static byte[] object(String nonce, byte[] teePubkeyJson, String additionalEvidence)
            throws EvidenceFormatException {
        Json.Value key = Json.parse(teePubkeyJson, "tee-pubkey");
        if (!(key instanceof Json.Obj)) {
            throw new EvidenceFormatException(key.start(), "tee-pubkey", "must be a JSON object (a JWK)");
        }
        // members in canonical (UTF-16) order: "additional-evidence" < "nonce" < "tee-pubkey"
        StringBuilder out = new StringBuilder("{");
        if (additionalEvidence != null) {
            out.append("\"additional-evidence\":").append(Jcs.string(additionalEvidence)).append(',');
        }
        out.append("\"nonce\":").append(Jcs.string(nonce)).append(",\"tee-pubkey\":")
                .append(new String(Jcs.canonicalize(key), StandardCharsets.UTF_8)).append('}');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code hash(JCS(runtimeDataJson))}: the digest of any runtime-data JSON document (canonicalized first). */
    public static byte[] digest(RuntimeDataHash hash, byte[] runtimeDataJson) throws EvidenceFormatException {
        return hash.digest(Jcs.canonicalize(runtimeDataJson));
    }

    /** What the evidence must carry for this runtime data: its digest, in the TEE's placement. */
    public static ExpectedReportData expected(RuntimeDataHash hash, byte[] runtimeDataJson)
            throws EvidenceFormatException {
        return ExpectedReportData.trusteeRuntimeData(digest(hash, runtimeDataJson));
    }
}
