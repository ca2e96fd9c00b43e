package dev.trustedcompute.kbs.ear;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64;
import java.security.KeyPair;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.List;

/**
 * An EAR signing key: P-256 (ES256, as Trustee's attestation service) and its certificate, published in the token
 * header ({@code jwk} with {@code x5c}) and in the JWKS.
 *
 * @param kid         RFC 7638 thumbprint of the public key
 * @param keyPair     the key pair
 * @param certificate self-signed certificate for the public key
 */
public record TokenSigningKey(String kid, KeyPair keyPair, X509Certificate certificate) {

    public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;

    public TokenSigningKey {
        if (!certificate.getPublicKey().equals(keyPair.getPublic())) {
            throw new IllegalArgumentException("the certificate of signing key " + kid + " is for another key");
        }
    }

    public ECKey publicJwk() {
        return builder().build();
    }

    ECKey privateJwk() {
        return builder().privateKey((ECPrivateKey) keyPair.getPrivate()).build();
    }

    private ECKey.Builder builder() {
        try {
            return new ECKey.Builder(Curve.P_256, (ECPublicKey) keyPair.getPublic())
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(ALGORITHM)
                    .x509CertChain(List.of(Base64.encode(certificate.getEncoded())));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("certificate of signing key " + kid + " cannot be encoded", e);
        }
    }

    public static String thumbprint(ECPublicKey key) {
        try {
            return new ECKey.Builder(Curve.P_256, key).build().computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
