package dev.trustedcompute.kbs;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a guest-components client sends in an RCAR handshake (protocol 0.4.0), written out independently of the KBS
 * and library code under test: the {@code tee-pubkey} JWK, the runtime data in its RFC 8785 form (keys in UTF-16
 * order, no whitespace; all values here are ASCII, so this is plain concatenation), its SHA-384, and the
 * {@code Attestation} body.
 */
public final class RcarClient {

    private RcarClient() {
    }

    /** The workload key as the client sends it: its public JWK with {@code alg} ECDH-ES+A256KW. */
    public static String teePubkeyJson(ECKey key) {
        Map<String, Object> jwk = new LinkedHashMap<>(key.toPublicJWK().toJSONObject());
        jwk.put("alg", "ECDH-ES+A256KW");
        return JSONObjectUtils.toJSONString(jwk);
    }

    /** SHA-384 of {@code {"additional-evidence":"","nonce":N,"tee-pubkey":K}} in canonical form. */
    public static byte[] runtimeDataDigest(String nonce, ECKey key) {
        String canonical = "{\"additional-evidence\":\"\",\"nonce\":\"" + nonce + "\",\"tee-pubkey\":{\"alg\":"
                + "\"ECDH-ES+A256KW\",\"crv\":\"" + key.getCurve() + "\",\"kty\":\"EC\",\"x\":\"" + key.getX()
                + "\",\"y\":\"" + key.getY() + "\"}}";
        try {
            return MessageDigest.getInstance("SHA-384").digest(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The RCAR {@code Attestation} body carrying {@code primaryEvidence} (a JSON document) for the session nonce. */
    public static String attestation(String nonce, ECKey key, String primaryEvidence) {
        return "{\"init-data\":null,\"runtime-data\":{\"nonce\":\"" + nonce + "\",\"tee-pubkey\":" + teePubkeyJson(key)
                + "},\"tee-evidence\":{\"primary_evidence\":" + primaryEvidence + ",\"additional_evidence\":\"\"}}";
    }

    /** Trustee {@code sample} evidence bound to {nonce, key}. */
    public static String sampleAttestation(String nonce, ECKey key) {
        return attestation(nonce, key, "{\"svn\":\"1\",\"report_data\":\""
                + Base64.getEncoder().encodeToString(runtimeDataDigest(nonce, key)) + "\"}");
    }
}
