package dev.trustedcompute.kbs.attestation;

import dev.trustedcompute.kbs.protocol.KbsError;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Trustee's {@code sample} TEE ({@code deps/verifier/src/sample}), for development without hardware: the evidence
 * {@code {"svn":"1","report_data":"<base64 of the runtime-data digest>"}} carries no signature, so the only check is
 * that {@code report_data} decodes to exactly the expected digest. The claims are Trustee's fixed sample claims. The
 * verification library deliberately has no sample TEE; it is enabled here only by configuration, and the default
 * resource policy never releases to it.
 */
final class SampleEvidence {

    private SampleEvidence() {
    }

    static VerifiedEvidence verify(JsonNode evidence, byte[] digest) {
        JsonNode svn = evidence.get("svn");
        JsonNode reportData = evidence.get("report_data");
        if (!evidence.isObject() || svn == null || !svn.isString() || reportData == null || !reportData.isString()) {
            throw KbsError.MALFORMED_REQUEST.exception("sample evidence must be {\"svn\":\"...\",\"report_data\":\"<base64>\"}");
        }
        byte[] bound;
        try {
            bound = Base64.getDecoder().decode(reportData.asString());
        } catch (IllegalArgumentException e) {
            throw KbsError.MALFORMED_REQUEST.exception("sample report_data is not base64");
        }
        if (!MessageDigest.isEqual(bound, digest)) {
            throw KbsError.EVIDENCE_REJECTED.exception("sample report_data does not bind the runtime data (nonce and tee-pubkey)");
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("svn", svn.asString());
        claims.put("report_data", reportData.asString());
        claims.put("launch_digest", "abcde");
        claims.put("platform_version", Map.of("major", 1, "minor", 4));
        claims.put("debug", false);
        return new VerifiedEvidence(SupportedTees.SAMPLE, claims, HexFormat.of().formatHex(bound),
                List.of("sample TEE: no hardware signature, claims are fixed"));
    }
}
