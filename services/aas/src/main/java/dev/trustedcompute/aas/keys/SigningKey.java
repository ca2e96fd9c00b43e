package dev.trustedcompute.aas.keys;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One JWT signing key: a P-384 key pair (ES384), its certificate chain (leaf first) and its life-cycle times.
 *
 * @param kid         JWK thumbprint (RFC 7638, SHA-256, base64url) of the public key; the {@code kid} of tokens
 * @param keyPair     the EC key pair
 * @param chain       leaf certificate for the public key, then issuers (a single self-signed cert in the lab)
 * @param createdAt   when the key was made
 * @param retiredAt   when a newer key replaced it for signing, or null while it is the active key
 * @param retainUntil after this, no token signed by it can still be valid; it leaves the JWKS (null if active)
 */
public record SigningKey(String kid, KeyPair keyPair, List<X509Certificate> chain, Instant createdAt,
                         Instant retiredAt, Instant retainUntil) {

    public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES384;

    public SigningKey {
        chain = List.copyOf(chain);
        if (chain.isEmpty() || !chain.getFirst().getPublicKey().equals(keyPair.getPublic())) {
            throw new IllegalArgumentException("the leaf certificate of key " + kid + " is not for its public key");
        }
    }

    public boolean active() {
        return retiredAt == null;
    }

    public SigningKey retire(Instant at, Instant until) {
        return new SigningKey(kid, keyPair, chain, createdAt, at, until);
    }

    /** Public JWK with {@code kid}, {@code use=sig}, {@code alg=ES384} and the certificate chain in {@code x5c}. */
    public ECKey publicJwk() {
        return builder().build();
    }

    /** JWK with the private key, for the signer only; never serialized. */
    public ECKey signingJwk() {
        return builder().privateKey((ECPrivateKey) keyPair.getPrivate()).build();
    }

    private ECKey.Builder builder() {
        List<Base64> x5c = new ArrayList<>();
        for (X509Certificate cert : chain) {
            try {
                x5c.add(Base64.encode(cert.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("certificate of key " + kid + " cannot be encoded", e);
            }
        }
        return new ECKey.Builder(Curve.P_384, (ECPublicKey) keyPair.getPublic())
                .keyID(kid)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(ALGORITHM)
                .x509CertChain(x5c);
    }

    /** RFC 7638 thumbprint of the public key, the kid of a new key. */
    public static String thumbprint(ECPublicKey publicKey) {
        try {
            return new ECKey.Builder(Curve.P_384, publicKey).build().computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
