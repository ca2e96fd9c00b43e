package dev.trustedcompute.kbs.jwe;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Map;

/**
 * The workload's key from the attestation's {@code runtime-data.tee-pubkey} (kbs-types {@code TeePubKey}): RSA with
 * {@code alg} RSA-OAEP-256 or RSA1_5, or EC P-256/P-521 with {@code alg} ECDH-ES+A256KW. Anything else is refused
 * when the evidence arrives, so a token never binds a key the JWE layer cannot use.
 */
public sealed interface TeePublicKey permits TeePublicKey.Rsa, TeePublicKey.Ec {

    /** @param alg {@code RSA-OAEP-256} or {@code RSA1_5} */
    record Rsa(RSAPublicKey key, String alg) implements TeePublicKey {
    }

    /** @param curve P-256 or P-521 */
    record Ec(ECPublicKey key, Curve curve) implements TeePublicKey {
    }

    /** Parses a JWK object (already decoded JSON); {@link InvalidTeeKeyException} says what is wrong. */
    static TeePublicKey parse(Map<String, Object> jwk) {
        JWK parsed;
        try {
            parsed = JWK.parse(jwk);
        } catch (ParseException e) {
            throw new InvalidTeeKeyException("tee-pubkey is not a valid JWK: " + e.getMessage());
        }
        if (parsed.isPrivate()) {
            throw new InvalidTeeKeyException("tee-pubkey must be a public key");
        }
        Object alg = jwk.get("alg");
        try {
            return switch (parsed) {
                case RSAKey rsa when "RSA-OAEP-256".equals(alg) || "RSA1_5".equals(alg) -> {
                    if (rsa.size() < 2048) {
                        throw new InvalidTeeKeyException("RSA tee-pubkey must have at least 2048 bits, has " + rsa.size());
                    }
                    yield new Rsa(rsa.toRSAPublicKey(), (String) alg);
                }
                case ECKey ec when "ECDH-ES+A256KW".equals(alg)
                        && (Curve.P_256.equals(ec.getCurve()) || Curve.P_521.equals(ec.getCurve())) ->
                        new Ec(ec.toECPublicKey(), ec.getCurve());
                default -> throw new InvalidTeeKeyException("unsupported tee-pubkey: kty " + parsed.getKeyType()
                        + " with alg " + alg + " (supported: RSA with RSA-OAEP-256 or RSA1_5, EC P-256/P-521 with "
                        + "ECDH-ES+A256KW)");
            };
        } catch (JOSEException e) {
            throw new InvalidTeeKeyException("tee-pubkey cannot be converted to a public key: " + e.getMessage());
        }
    }
}
