package dev.trustedcompute.loadgen.kbs;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.trustedcompute.loadgen.tpm.SoftTpm;
import dev.trustedcompute.loadgen.tpm.SyntheticEventLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * A confidential workload with a TPM, as guest-components' TPM attester presents itself to KBS: a workload key
 * ({@code tee-pubkey}, EC P-256, alg ECDH-ES+A256KW) and Trustee {@code tpm} evidence whose quote's extraData is the
 * first 32 bytes of SHA-384 of the RFC 8785 runtime data {@code {"additional-evidence","nonce","tee-pubkey"}}.
 */
final class TpmWorkload {
    private final SoftTpm tpm;
    private final SyntheticEventLog log;
    private final ECKey key;
    private final String pcrsJson;

    TpmWorkload(SoftTpm tpm, SyntheticEventLog log) {
        this.tpm = tpm;
        this.log = log;
        try {
            this.key = new ECKeyGenerator(Curve.P_256).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
        this.pcrsJson = log.sha256Pcrs().values().stream().map(v -> "\"" + HexFormat.of().formatHex(v) + "\"")
                .collect(Collectors.joining(",", "[", "]"));
    }

    /** The RCAR {@code Attestation} body for the session {@code nonce} (Trustee's shape, no init-data). */
    String attestation(String nonce) {
        return "{\"init-data\":null,\"runtime-data\":{\"nonce\":\"" + nonce + "\",\"tee-pubkey\":" + teePubkey()
                + "},\"tee-evidence\":{\"primary_evidence\":" + evidence(nonce) + ",\"additional_evidence\":\"\"}}";
    }

    private String teePubkey() {
        return "{\"alg\":\"ECDH-ES+A256KW\",\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + key.getX() + "\",\"y\":\""
                + key.getY() + "\"}";
    }

    private String evidence(String nonce) {
        String canonical = "{\"additional-evidence\":\"\",\"nonce\":\"" + nonce + "\",\"tee-pubkey\":" + teePubkey() + "}";
        byte[] extraData;
        try {
            extraData = Arrays.copyOf(MessageDigest.getInstance("SHA-384")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)), 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        SoftTpm.Quote quote = tpm.quote(extraData, log.sha256Pcrs());
        Base64.Encoder b64 = Base64.getEncoder();
        return "{\"tpm_quote\":{\"signature\":\"" + b64.encodeToString(quote.signature()) + "\",\"message\":\""
                + b64.encodeToString(quote.attest()) + "\",\"pcrs\":" + pcrsJson + "},\"ak_public\":\""
                + b64.encodeToString(tpm.akSubjectPublicKeyInfo()) + "\"}";
    }
}
